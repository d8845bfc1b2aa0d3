export * from './config/test-infra.config';
export * from './isolation';
export * from './topics';
export * from './cleanup';
export * from './topic-reader';
export * from './customer-merged.fixture';
export * from './wait-for-inbox';
export * from './inbox-retention.probe';
