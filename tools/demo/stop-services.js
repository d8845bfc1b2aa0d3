'use strict';
const { stopAll } = require('./services.js');

stopAll().then(
  (stopped) =>
    console.log(
      stopped.length
        ? `stopped services: ${stopped.join(', ')}`
        : 'no platform services were running',
    ),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
