import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceConfig } from '@cip/config';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import { PinoNestLogger } from './pino-nest-logger';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ShutdownState } from './shutdown-state';
import { TELEMETRY } from './tokens';

export interface BootstrapOptions {
  config: ServiceConfig;
  logger: Logger;
  rootModule: Type<unknown> | DynamicModule;
  bodyLimitBytes?: number;
  /** Extra error-code → HTTP status mappings for this service's errors. */
  statusByCode?: Record<string, number>;
}

const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Starts a service on Fastify. On SIGTERM/SIGINT readiness turns to 503, the Nest shutdown hooks
 * run (consumers stop and commit, HTTP drains, clients disconnect) and a hard timer guarantees the
 * process is gone within `shutdownTimeoutMs`.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<NestFastifyApplication> {
  const { config, logger } = options;
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.rootModule, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.useGlobalFilters(new ProblemDetailsFilter(logger, options.statusByCode));

  installShutdownHandler(app, config.shutdownTimeoutMs, logger);

  await app.listen(config.http.port, config.http.host);
  logger.info(
    { port: config.http.port, host: config.http.host },
    `${config.serviceName} listening`,
  );
  return app;
}

/**
 * Our own signal handler rather than `enableShutdownHooks`: Nest re-raises the signal after
 * closing, so a clean drain would still exit 143; orchestrators and our tests expect 0.
 */
function installShutdownHandler(
  app: NestFastifyApplication,
  shutdownTimeoutMs: number,
  logger: Logger,
): void {
  const shutdownState = app.get(ShutdownState);
  const telemetry = app.get<TelemetryHandle>(TELEMETRY);
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    shutdownState.beginDraining();
    setTimeout(() => {
      logger.error({ timeoutMs: shutdownTimeoutMs }, 'shutdown timed out, exiting');
      logger.flush();
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    const close = async (): Promise<void> => {
      await app.close();
      // Last, so spans of the drain itself are exported too.
      await telemetry.shutdown();
    };
    close().then(
      () => {
        logger.info('shut down cleanly');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
