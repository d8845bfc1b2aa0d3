import type { Provider } from '@nestjs/common';
import { RefreshingCatalog } from '@cip/async';
import type { ServiceConfig } from '@cip/config';
import { DATA_SOURCE } from '@cip/persistence';
import {
  ACCESS_CONTROL,
  AccessControl,
  AccessControlSetup,
  LOGGER,
  SERVICE_CONFIG,
  TokenBucketLimiter,
  type ApiKeyRecord,
} from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import { INGESTION_ROUTE_SCOPES } from './ingestion-route-scopes';
import { PostgresApiKeyStore } from './postgres-api-key.store';

/** New and revoked keys take effect within this long on every instance. */
export const API_KEYS_REFRESH_MS = 5_000;

export const ACCESS_PROVIDERS: Provider[] = [
  {
    provide: ACCESS_CONTROL,
    useFactory: (config: ServiceConfig, dataSource: DataSource, logger: Logger) => {
      const store = new PostgresApiKeyStore(dataSource);
      const keys = new RefreshingCatalog<ApiKeyRecord, ApiKeyRecord>({
        load: () => store.findAll(),
        parse: (key) => key,
        nowMs: () => Date.now(),
        refreshMs: API_KEYS_REFRESH_MS,
        onRefreshFailed: (err: unknown) =>
          logger.warn({ err }, 'API key refresh failed; keeping the last set'),
      });
      return new AccessControl({
        rules: INGESTION_ROUTE_SCOPES,
        keys: () => keys.get(),
        limiter: new TokenBucketLimiter(),
        nowMs: () => Date.now(),
        keysRequired: config.http.apiKeysRequired,
      });
    },
    inject: [SERVICE_CONFIG, DATA_SOURCE, LOGGER],
  },
  AccessControlSetup,
];
