import { loadServiceConfig } from '@cip/config';
import { createLogger, startTelemetry } from '@cip/telemetry';

// Telemetry must patch http/pg/ioredis before they load: NestJS and the service kit come in through
// the dynamic import below (one local module, so no library is both lazy and statically imported).
async function main(): Promise<void> {
  const config = loadServiceConfig('nba');
  const telemetry = startTelemetry({
    serviceName: 'nba',
    otlpEndpoint: config.telemetry.otlpEndpoint,
    disabled: config.telemetry.disabled,
  });
  const logger = createLogger({ serviceName: 'nba', level: config.logLevel });
  const { startNba } = await import('./nba.bootstrap');
  await startNba(config, logger, telemetry);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `nba failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
