export * from './start-telemetry';
export * from './create-logger';
