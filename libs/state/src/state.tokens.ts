/** Injection token of the service's ioredis client. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
