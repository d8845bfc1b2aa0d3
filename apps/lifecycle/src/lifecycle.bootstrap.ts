import type { ServiceConfig } from '@cip/config';
import { bootstrapService } from '@cip/service-kit';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import { LIFECYCLE_STATUS_BY_CODE, LifecycleModule } from './lifecycle.module';

/** Loaded by main.ts only after telemetry started, so NestJS, pg and ioredis get instrumented. */
export async function startLifecycle(
  config: ServiceConfig,
  logger: Logger,
  telemetry: TelemetryHandle,
): Promise<void> {
  await bootstrapService({
    config,
    logger,
    rootModule: LifecycleModule.forRoot({ config, logger, telemetry }),
    statusByCode: LIFECYCLE_STATUS_BY_CODE,
  });
}
