import { createLogger, type Logger } from './create-logger';
import { startTelemetry, type TelemetryHandle } from './start-telemetry';

export interface InstrumentedServiceSettings {
  serviceName: string;
  logLevel: string;
  telemetry: { otlpEndpoint: string | undefined; disabled: boolean };
}

export type StartInstrumentedService<C extends InstrumentedServiceSettings> = (
  config: C,
  logger: Logger,
  telemetry: TelemetryHandle,
) => Promise<unknown>;

/**
 * The one way a service's main.ts starts. Telemetry must patch http, pg and ioredis before they
 * are loaded, so the service's own code (NestJS included) arrives through `loadStart`, a dynamic
 * import run only after the SDK started. Any start-up failure, invalid config first of all,
 * becomes one clear line on stderr and exit code 1.
 */
export function launchInstrumented<C extends InstrumentedServiceSettings>(
  serviceName: string,
  loadConfig: () => C,
  loadStart: () => Promise<StartInstrumentedService<C>>,
): void {
  const launch = async (): Promise<void> => {
    const config = loadConfig();
    const telemetry = startTelemetry({
      serviceName: config.serviceName,
      otlpEndpoint: config.telemetry.otlpEndpoint,
      disabled: config.telemetry.disabled,
    });
    const logger = createLogger({ serviceName: config.serviceName, level: config.logLevel });
    const start = await loadStart();
    await start(config, logger, telemetry);
  };
  launch().catch((error: unknown) => {
    process.stderr.write(
      `${serviceName} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
