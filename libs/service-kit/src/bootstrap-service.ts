import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceConfig } from '@cip/config';
import type { Logger } from '@cip/telemetry';
import { PinoNestLogger } from './pino-nest-logger';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ShutdownState } from './shutdown-state';

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
 * Starts a service on Fastify. On SIGTERM/SIGINT readiness turns to 503, NestJS runs the
 * shutdown hooks (consumers stop and commit, HTTP drains, clients disconnect) and a hard timer
 * guarantees the process is gone within `shutdownTimeoutMs`.
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

  const shutdownState = app.get(ShutdownState);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      shutdownState.beginDraining();
      setTimeout(() => {
        logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out, exiting');
        logger.flush();
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
    });
  }
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

  await app.listen(config.http.port, config.http.host);
  logger.info({ port: config.http.port, host: config.http.host }, `${config.serviceName} listening`);
  return app;
}

/** Runs `main`, turning any start-up failure into one clear log line and exit code 1. */
export function runService(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
