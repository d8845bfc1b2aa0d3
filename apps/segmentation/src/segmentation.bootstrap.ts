import type { ServiceConfig } from '@cip/config';
import { bootstrapService } from '@cip/service-kit';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import { DEFINITIONS_STATUS_BY_CODE } from './definitions/definitions-http.settings';
import { SegmentationModule } from './segmentation.module';

/** Loaded by main.ts only after telemetry started, so NestJS, pg and ioredis get instrumented. */
export async function startSegmentation(
  config: ServiceConfig,
  logger: Logger,
  telemetry: TelemetryHandle,
): Promise<void> {
  await bootstrapService({
    config,
    logger,
    rootModule: SegmentationModule.forRoot({ config, logger, telemetry }),
    statusByCode: DEFINITIONS_STATUS_BY_CODE,
  });
}
