import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { ShutdownState } from './shutdown-state';
import { LOGGER, SERVICE_CONFIG, TELEMETRY } from './tokens';

export interface ServiceKitOptions {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  /** Provider of `DEPENDENCY_CHECKS` (a DependencyCheck[]), built from the service's adapters. */
  dependencyChecks: Provider;
}

/** Config, logger, telemetry, /health and /metrics for every service. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: LOGGER, useValue: options.logger },
        { provide: TELEMETRY, useValue: options.telemetry },
        ShutdownState,
        options.dependencyChecks,
      ],
      exports: [SERVICE_CONFIG, LOGGER, TELEMETRY, ShutdownState],
    };
  }
}
