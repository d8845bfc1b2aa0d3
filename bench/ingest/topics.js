'use strict';
// The run's own topics, created with the local stack's script (run-cleanup.js deletes them with the
// rest of the run's data, so the shared broker does not accumulate partitions).
const path = require('node:path');

function createRunTopics(root, brokers, prefix) {
  const { createTopics } = require(path.join(root, 'deploy/local/create-topics.js'));
  return createTopics({ prefix, brokers, logger: { warn: () => undefined } });
}

module.exports = { createRunTopics };
