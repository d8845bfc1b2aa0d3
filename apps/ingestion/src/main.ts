import { loadServiceConfig } from '@cip/config';
import { createLogger, startTelemetry } from '@cip/telemetry';

// Telemetry must patch http/pg before NestJS and the drivers load, hence the dynamic imports.
async function main(): Promise<void> {
  const config = loadServiceConfig('ingestion');
  const telemetry = startTelemetry({
    serviceName: 'ingestion',
    otlpEndpoint: config.telemetry.otlpEndpoint,
    disabled: config.telemetry.disabled,
  });
  const logger = createLogger({ serviceName: 'ingestion', level: config.logLevel });
  const { bootstrapService } = await import('@cip/service-kit');
  const { IngestionModule } = await import('./ingestion.module');
  const { INGESTION_BODY_LIMIT_BYTES, INGESTION_STATUS_BY_CODE } =
    await import('./ingestion-http.settings');
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

main().catch((error: unknown) => {
  process.stderr.write(
    `ingestion failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
