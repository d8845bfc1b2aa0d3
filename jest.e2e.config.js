/** Cross-service flows: the four services as separate processes on real infrastructure. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('./jest.preset'),
  displayName: 'e2e',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  setupFiles: ['<rootDir>/libs/testing/src/kafkajs-fix.setup.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
