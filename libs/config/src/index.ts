export * from './config-error';
export * from './env-schema';
export * from './service-config';
export * from './national-id-secret';
