import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import type { Redis } from 'ioredis';
import { closeRedisClient } from './close-redis-client';
import { createRedisClient, type RedisClientOptions } from './create-redis-client';
import { waitForRedis } from './redis-health';
import { REDIS_CLIENT } from './state.tokens';

export interface StateModuleOptions extends RedisClientOptions {
  /** Boot fails if Redis is not ready within this time. Default 5000 ms. */
  readyTimeoutMs?: number;
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedisClient(this.client);
  }
}

/** The service's Redis client under `REDIS_CLIENT`, ready at boot, closed on shutdown. */
@Module({})
export class StateModule {
  static forService(
    config: Pick<ServiceConfig, 'redis'> & Partial<Pick<ServiceConfig, 'serviceName'>>,
    options: StateModuleOptions = {},
  ): DynamicModule {
    const { readyTimeoutMs = 5_000, ...clientOptions } = options;
    return {
      module: StateModule,
      global: true,
      providers: [
        {
          provide: REDIS_CLIENT,
          useFactory: async (): Promise<Redis> => {
            const client = createRedisClient(config.redis, {
              ...(config.serviceName ? { connectionName: `cip-${config.serviceName}` } : {}),
              ...clientOptions,
            });
            try {
              await waitForRedis(client, readyTimeoutMs);
            } catch (error) {
              client.disconnect();
              throw error;
            }
            return client;
          },
        },
        RedisCloser,
      ],
      exports: [REDIS_CLIENT],
    };
  }
}
