export { createRedisClient, reconnectDelayMs } from './create-redis-client';
export type { RedisClientOptions } from './create-redis-client';
export { closeRedisClient } from './close-redis-client';
export type { StateLogger } from './error-reporter';
export { customerKey, serviceKey } from './keys';
export { execPipeline } from './exec-pipeline';
export {
  pingRedis,
  redisDependencyCheck,
  waitForRedis,
  DEFAULT_REDIS_HEALTH_TIMEOUT_MS,
} from './redis-health';
export { defineLuaScript, registerLuaScript } from './script-registry';
export type { LuaScript, LuaScriptSpec, ScriptArg } from './script-registry';
export { StateError } from './state-error';
export { REDIS_CLIENT } from './state.tokens';
export { StateModule } from './state.module';
export type { StateModuleOptions } from './state.module';
