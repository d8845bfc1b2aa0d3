'use strict';
// Request and reply with a forked child of the benchmark (the sink, the load generator).

/**
 * Sends `message` and resolves with the first reply of type `type`; rejects on a reply of type
 * 'error' or when the child exits first, so a crashed child fails the run instead of hanging it.
 */
function request(child, message, type) {
  return new Promise((resolve, reject) => {
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (reply) => {
      if (reply.type === 'error') {
        done();
        reject(new Error(reply.error));
      } else if (reply.type === type) {
        done();
        resolve(reply);
      }
    };
    const onExit = (code, signal) => {
      done();
      reject(new Error(`child ${child.pid} exited (${signal ?? code}) before replying ${type}`));
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(message);
  });
}

module.exports = { request };
