export * from './api-key';
export * from './token-bucket';
export * from './route-scopes';
export * from './access-control';
export * from './access-control.setup';
