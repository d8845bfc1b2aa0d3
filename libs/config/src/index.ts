export * from './config-error';
export * from './env-schema';
export * from './service-config';
