import type { ServiceConfig } from '@cip/config';
import { bootstrapService } from '@cip/service-kit';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import { INGESTION_BODY_LIMIT_BYTES, INGESTION_STATUS_BY_CODE } from './ingestion-http.settings';
import { IngestionModule } from './ingestion.module';

/** Loaded by main.ts only after telemetry started, so NestJS, pg and ioredis get instrumented. */
export async function startIngestion(
  config: ServiceConfig,
  logger: Logger,
  telemetry: TelemetryHandle,
): Promise<void> {
  await bootstrapService({
    config,
    logger,
    // Outside production the service brings its schema up to date itself (idempotent, locked).
    rootModule: IngestionModule.forRoot({
      config,
      logger,
      telemetry,
      runMigrations: config.environment !== 'production',
    }),
    bodyLimitBytes: INGESTION_BODY_LIMIT_BYTES,
    statusByCode: INGESTION_STATUS_BY_CODE,
  });
}
