export * from './infra-env';
export * from './isolation';
export * from './topics';
export * from './topic-reader';
export * from './customer-merged.fixture';
export * from './wait-for-inbox';
