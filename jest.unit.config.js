/** Unit specs: pure logic, fakes allowed, no infrastructure. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
};
