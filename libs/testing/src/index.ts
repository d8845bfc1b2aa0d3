export * from './infra-env';
export * from './isolation';
export * from './topics';
export * from './topic-reader';
