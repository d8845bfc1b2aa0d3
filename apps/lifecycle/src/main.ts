import { loadServiceConfig } from '@cip/config';
import { createLogger, startTelemetry } from '@cip/telemetry';

// Telemetry must patch http/pg/ioredis before they load: NestJS and the service kit come in through
// the dynamic import below (one local module, so no library is both lazy and statically imported).
async function main(): Promise<void> {
  const config = loadServiceConfig('lifecycle');
  const telemetry = startTelemetry({
    serviceName: 'lifecycle',
    otlpEndpoint: config.telemetry.otlpEndpoint,
    disabled: config.telemetry.disabled,
  });
  const logger = createLogger({ serviceName: 'lifecycle', level: config.logLevel });
  const { startLifecycle } = await import('./lifecycle.bootstrap');
  await startLifecycle(config, logger, telemetry);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `lifecycle failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
