import type { Provider } from '@nestjs/common';
import { nationalIdHashSecretOf, type ServiceConfig } from '@cip/config';
import {
  ContactEventCustomerResolver,
  CustomerFile,
  IdentifierNormaliser,
  INGESTION_ERROR_CODES,
  ResolveCustomer,
  type Clock,
  type IdentityCache,
  type IdentityGraph,
} from '@cip/ingestion-domain';
import { MESSAGE_PUBLISHER, type MessagePublisher } from '@cip/kafka';
import { DATA_SOURCE, OutboxRelay } from '@cip/persistence';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import { REDIS_CLIENT } from '@cip/state';
import type { Logger } from '@cip/telemetry';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { PostgresCustomerProfileStore } from '../customers/postgres-customer-profile.store';
import { MergePatchContentTypeSetup } from '../customers/merge-patch-content-type.setup';
import { CLOCK } from '../ingestion.tokens';
import {
  CUSTOMER_FILE,
  CUSTOMER_RESOLVER,
  IDENTIFIER_NORMALISER,
  IDENTITY_CACHE,
  IDENTITY_GRAPH,
  OUTBOX_RELAY,
  RESOLVE_CUSTOMER,
} from './identity.tokens';
import { OutboxRelayLifecycle } from './outbox-relay.lifecycle';
import { PostgresIdentityGraph } from './postgres-identity.graph';
import { RedisIdentityCache } from './redis-identity.cache';

/** Identity resolution (Postgres graph, Redis cache), the customer file and their outbox relay. */
export const IDENTITY_PROVIDERS: Provider[] = [
  {
    provide: IDENTIFIER_NORMALISER,
    useFactory: (config: ServiceConfig) =>
      new IdentifierNormaliser({
        defaultCallingCode: config.identity.defaultCallingCode,
        nationalIdHashSecret: nationalIdHashSecretOf(config),
      }),
    inject: [SERVICE_CONFIG],
  },
  {
    provide: OUTBOX_RELAY,
    useFactory: (
      config: ServiceConfig,
      dataSource: DataSource,
      bus: MessagePublisher,
      logger: Logger,
    ) => new OutboxRelay(dataSource, bus, logger, { topicPrefix: config.kafka.topicPrefix }),
    inject: [SERVICE_CONFIG, DATA_SOURCE, MESSAGE_PUBLISHER, LOGGER],
  },
  OutboxRelayLifecycle,
  {
    provide: IDENTITY_GRAPH,
    useFactory: (dataSource: DataSource) => new PostgresIdentityGraph(dataSource),
    inject: [DATA_SOURCE],
  },
  {
    provide: IDENTITY_CACHE,
    useFactory: (config: ServiceConfig, redis: Redis, logger: Logger) =>
      new RedisIdentityCache(redis, logger, { keyPrefix: config.redis.keyPrefix }),
    inject: [SERVICE_CONFIG, REDIS_CLIENT, LOGGER],
  },
  {
    provide: RESOLVE_CUSTOMER,
    useFactory: (graph: IdentityGraph, cache: IdentityCache, relay: OutboxRelay, clock: Clock) =>
      new ResolveCustomer({ graph, cache, outbox: relay, clock }),
    inject: [IDENTITY_GRAPH, IDENTITY_CACHE, OUTBOX_RELAY, CLOCK],
  },
  {
    provide: CUSTOMER_RESOLVER,
    useFactory: (normaliser: IdentifierNormaliser, resolveCustomer: ResolveCustomer) =>
      new ContactEventCustomerResolver(
        normaliser,
        resolveCustomer,
        INGESTION_ERROR_CODES.invalidEvent,
      ),
    inject: [IDENTIFIER_NORMALISER, RESOLVE_CUSTOMER],
  },
  {
    provide: CUSTOMER_FILE,
    useFactory: (
      config: ServiceConfig,
      dataSource: DataSource,
      resolveCustomer: ResolveCustomer,
      relay: OutboxRelay,
      clock: Clock,
    ) =>
      new CustomerFile({
        store: new PostgresCustomerProfileStore(dataSource),
        resolveCustomer,
        defaultCallingCode: config.identity.defaultCallingCode,
        outbox: relay,
        clock,
      }),
    inject: [SERVICE_CONFIG, DATA_SOURCE, RESOLVE_CUSTOMER, OUTBOX_RELAY, CLOCK],
  },
  MergePatchContentTypeSetup,
];
