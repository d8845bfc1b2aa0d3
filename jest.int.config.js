/** Integration specs: real Kafka, Redis and Postgres (local stack or testcontainers). */
/** @type {import('jest').Config} */
module.exports = {
  ...require('./jest.preset'),
  displayName: 'integration',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testMatch: ['**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  setupFiles: ['<rootDir>/libs/testing/src/kafkajs-fix.setup.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
