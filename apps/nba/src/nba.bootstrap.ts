import type { ServiceConfig } from '@cip/config';
import { bootstrapService } from '@cip/service-kit';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import { NBA_STATUS_BY_CODE, NbaModule } from './nba.module';

/** Loaded by main.ts only after telemetry started, so NestJS, pg and ioredis get instrumented. */
export async function startNba(
  config: ServiceConfig,
  logger: Logger,
  telemetry: TelemetryHandle,
): Promise<void> {
  await bootstrapService({
    config,
    logger,
    rootModule: NbaModule.forRoot({ config, logger, telemetry }),
    statusByCode: NBA_STATUS_BY_CODE,
  });
}
