export * from './with-timeout';
export * from './refresh-ahead';
export * from './refreshing-catalog';
export * from './micro-batcher';
export * from './polling-loop';
