import {
  Global,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OnModuleInit,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import type { BusLogger } from './bus-logger';
import {
  createKafkaBus,
  type KafkaBus,
  type KafkaBusConfig,
  type KafkaBusOptions,
} from './kafka-client.factory';

// NestJS stays in this file: everything else in the library is plain TypeScript.

export const KAFKA_BUS = Symbol('KAFKA_BUS');
export const MESSAGE_PUBLISHER = Symbol('MESSAGE_PUBLISHER');
export const MESSAGE_CONSUMERS = Symbol('MESSAGE_CONSUMERS');
export const BUS_HEALTH = Symbol('BUS_HEALTH');
export const TOPIC_ADMIN = Symbol('TOPIC_ADMIN');

export interface KafkaModuleOptions {
  config: KafkaBusConfig;
  logger: BusLogger;
  options?: KafkaBusOptions;
}

export interface KafkaModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (...args: never[]) => KafkaModuleOptions | Promise<KafkaModuleOptions>;
}

const KAFKA_MODULE_OPTIONS = Symbol('KAFKA_MODULE_OPTIONS');

/**
 * Ties the bus to the application lifecycle. Order matters at shutdown: consumers stop first
 * (beforeApplicationShutdown) while the producer still works, so an in-flight batch can publish its
 * results and dead-letters and commit. The producer disconnects last (onApplicationShutdown), after
 * NestJS closed the HTTP server, so requests that were still publishing get their answer.
 */
@Injectable()
class KafkaBusLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(KAFKA_BUS) private readonly bus: KafkaBus) {}

  async onModuleInit(): Promise<void> {
    await this.bus.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.bus.stopConsumers();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.disconnect();
  }
}

const busProviders = [
  {
    provide: KAFKA_BUS,
    useFactory: (options: KafkaModuleOptions): KafkaBus =>
      createKafkaBus(options.config, options.logger, options.options),
    inject: [KAFKA_MODULE_OPTIONS],
  },
  { provide: MESSAGE_PUBLISHER, useFactory: (bus: KafkaBus) => bus.publisher, inject: [KAFKA_BUS] },
  { provide: MESSAGE_CONSUMERS, useFactory: (bus: KafkaBus) => bus.consumers, inject: [KAFKA_BUS] },
  { provide: BUS_HEALTH, useFactory: (bus: KafkaBus) => bus.health, inject: [KAFKA_BUS] },
  { provide: TOPIC_ADMIN, useFactory: (bus: KafkaBus) => bus.topics, inject: [KAFKA_BUS] },
  KafkaBusLifecycle,
];

const exportedTokens = [KAFKA_BUS, MESSAGE_PUBLISHER, MESSAGE_CONSUMERS, BUS_HEALTH, TOPIC_ADMIN];

/**
 * The Kafka bus for a NestJS service. Global, so feature modules inject `MESSAGE_PUBLISHER`
 * (a MessagePublisher) and `MESSAGE_CONSUMERS` (a MessageConsumerFactory) without importing it.
 */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [{ provide: KAFKA_MODULE_OPTIONS, useValue: options }, ...busProviders],
      exports: exportedTokens,
    };
  }

  /** For options built from other providers, e.g. `inject: [SERVICE_CONFIG, LOGGER]`. */
  static forRootAsync(options: KafkaModuleAsyncOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: KAFKA_MODULE_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        ...busProviders,
      ],
      exports: exportedTokens,
    };
  }
}
