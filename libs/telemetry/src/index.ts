export * from './start-telemetry';
export * from './create-logger';
export * from './launch-instrumented';
