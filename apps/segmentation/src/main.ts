import { loadServiceConfig } from '@cip/config';
import { createLogger, startTelemetry } from '@cip/telemetry';

// Telemetry must patch http/pg/ioredis before they load: NestJS and the service kit are imported
// dynamically below, and runService is inlined so nothing pulls them in early.
async function main(): Promise<void> {
  const config = loadServiceConfig('segmentation');
  const telemetry = startTelemetry({
    serviceName: 'segmentation',
    otlpEndpoint: config.telemetry.otlpEndpoint,
    disabled: config.telemetry.disabled,
  });
  const logger = createLogger({ serviceName: 'segmentation', level: config.logLevel });
  const { bootstrapService } = await import('@cip/service-kit');
  const { SegmentationModule } = await import('./segmentation.module');
  await bootstrapService({
    config,
    logger,
    rootModule: SegmentationModule.forRoot({ config, logger, telemetry }),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `segmentation failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
