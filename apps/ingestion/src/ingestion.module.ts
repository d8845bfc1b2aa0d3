import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { TOPICS, topicName } from '@cip/contracts';
import {
  RecordContactEvent,
  systemClock,
  type Clock,
  type ContactEventPublisher,
  type CustomerResolver,
  type IdempotencyLedger,
} from '@cip/ingestion-domain';
import { BUS_HEALTH, MESSAGE_PUBLISHER, type KafkaBus, type MessagePublisher } from '@cip/kafka';
import { platformInfrastructure } from '@cip/service-kit';
import type { Logger, TelemetryHandle } from '@cip/telemetry';
import { EventStatusController } from './event-status/event-status.controller';
import { FastifyContentTypesSetup } from './fastify-content-types.setup';
import { IngestionRoutesSetup } from './ingestion-routes.setup';
import { CustomersController } from './customers/customers.controller';
import { IdentitiesController } from './identity/identities.controller';
import { IDENTITY_PROVIDERS } from './identity/identity.providers';
import { CUSTOMER_RESOLVER } from './identity/identity.tokens';
import { CLOCK, CONTACT_EVENT_PUBLISHER, IDEMPOTENCY_LEDGER } from './ingestion.tokens';
import { PostgresIdempotencyLedger } from './ledger/postgres-idempotency.ledger';
import { OpenApiController } from './openapi/openapi.controller';
import { KafkaContactEventPublisher } from './publishing/kafka-contact-event.publisher';
import { ACCESS_PROVIDERS } from './access/access.providers';
import { IntakeConsumer } from './intake/intake.consumer';
import { RECORD_CONTACT_EVENT } from './record-event/record-event.tokens';

export interface IngestionModuleOptions {
  config: ServiceConfig;
  logger: Logger;
  telemetry: TelemetryHandle;
  clock?: Clock;
  /** Apply pending migrations of the ingestion schema at boot (idempotent, advisory-locked). */
  runMigrations?: boolean;
  /**
   * A bus built by the caller instead of KafkaModule's own. KafkaModule connects at boot and
   * refuses to start without Kafka; tests pass an unconnected bus to see how requests fare
   * when Kafka is unreachable. The intake-topic consumer does not run on such a bus.
   */
  kafkaBus?: KafkaBus;
}

@Module({})
export class IngestionModule {
  static forRoot(options: IngestionModuleOptions): DynamicModule {
    const { config, logger, telemetry } = options;
    const contactEventsTopic = topicName(config.kafka.topicPrefix, TOPICS.contactEvents);

    return {
      module: IngestionModule,
      imports: [
        ...platformInfrastructure({
          config,
          logger,
          telemetry,
          runMigrations: options.runMigrations,
          // Redis caches the identity graph (identifier → customer id).
          usesRedis: true,
          kafkaModule: options.kafkaBus ? externalBusModule(options.kafkaBus) : undefined,
        }),
      ],
      controllers: [
        EventStatusController,
        OpenApiController,
        CustomersController,
        IdentitiesController,
      ],
      providers: [
        FastifyContentTypesSetup,
        IngestionRoutesSetup,
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: IDEMPOTENCY_LEDGER, useClass: PostgresIdempotencyLedger },
        {
          provide: CONTACT_EVENT_PUBLISHER,
          useFactory: (bus: MessagePublisher) =>
            new KafkaContactEventPublisher(bus, contactEventsTopic),
          inject: [MESSAGE_PUBLISHER],
        },
        {
          provide: RECORD_CONTACT_EVENT,
          useFactory: (
            ledger: IdempotencyLedger,
            publisher: ContactEventPublisher,
            clock: Clock,
            customerResolver: CustomerResolver,
          ) => new RecordContactEvent(ledger, publisher, clock, { customerResolver }),
          inject: [IDEMPOTENCY_LEDGER, CONTACT_EVENT_PUBLISHER, CLOCK, CUSTOMER_RESOLVER],
        },
        ...ACCESS_PROVIDERS,
        ...IDENTITY_PROVIDERS,
        ...(options.kafkaBus ? [] : [IntakeConsumer]),
      ],
    };
  }
}

/** Provides the bus tokens from a caller-owned bus; the caller connects and closes it. */
function externalBusModule(bus: KafkaBus): DynamicModule {
  return {
    module: class ExternalKafkaBusModule {},
    global: true,
    providers: [
      { provide: MESSAGE_PUBLISHER, useValue: bus.publisher },
      { provide: BUS_HEALTH, useValue: bus.health },
    ],
    exports: [MESSAGE_PUBLISHER, BUS_HEALTH],
  };
}
