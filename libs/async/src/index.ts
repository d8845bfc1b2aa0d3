export * from './with-timeout';
export * from './refreshing-catalog';
