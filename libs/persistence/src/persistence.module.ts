import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ServiceName } from '@cip/config';
import type { DataSource } from 'typeorm';
import {
  createDataSource,
  type DataSourceOverrides,
  type PersistenceConfig,
} from './create-data-source';
import { describeError } from './describe-error';
import { PersistenceError } from './persistence-error';
import { DATA_SOURCE } from './persistence.tokens';
import { redactUrl } from './redact-url';
import { runMigrations } from './run-migrations';

export interface PersistenceModuleOptions extends DataSourceOverrides {
  /**
   * Apply pending migrations before opening the pool (handy for tests and the demo; in
   * production the migrate CLI runs them as a separate step). Default false.
   */
  runMigrations?: boolean;
}

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The service's DataSource, initialized at boot (fails the boot if Postgres is unreachable). */
@Module({})
export class PersistenceModule {
  static forService(
    serviceName: ServiceName,
    config: PersistenceConfig,
    options: PersistenceModuleOptions = {},
  ): DynamicModule {
    const { runMigrations: migrateFirst = false, ...overrides } = options;
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DATA_SOURCE,
          useFactory: async (): Promise<DataSource> => {
            if (migrateFirst) await runMigrations(serviceName, config);
            const dataSource = createDataSource(serviceName, config, overrides);
            try {
              return await dataSource.initialize();
            } catch (error) {
              throw new PersistenceError(
                'DEPENDENCY_UNAVAILABLE',
                `Cannot connect to Postgres at ${redactUrl(config.database.url)}: ${describeError(error)}`,
                { dependency: 'postgres' },
                { cause: error },
              );
            }
          },
        },
        DataSourceCloser,
      ],
      exports: [DATA_SOURCE],
    };
  }
}
