import type { ServiceConfig } from '@cip/config';
import type { KafkaBus } from '@cip/kafka';
import { ProblemDetailsFilter } from '@cip/service-kit';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IngestionModule } from './ingestion.module';
import { INGESTION_BODY_LIMIT_BYTES, INGESTION_STATUS_BY_CODE } from './ingestion-http.settings';

/**
 * The app as bootstrapService builds it (same adapter settings, same filter), initialised but not
 * listening, for `app.inject` in integration specs.
 */
export async function createIngestionTestApp(options: {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  runMigrations?: boolean;
  kafkaBus?: KafkaBus;
}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: INGESTION_BODY_LIMIT_BYTES, logger: false });
  const app = await NestFactory.create<NestFastifyApplication>(
    IngestionModule.forRoot(options),
    adapter,
    {
      logger: false,
      abortOnError: false,
    },
  );
  app.useGlobalFilters(new ProblemDetailsFilter(options.logger, INGESTION_STATUS_BY_CODE));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
