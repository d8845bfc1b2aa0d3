import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MultiTopicPublisher } from '@cip/kafka';
import {
  ProcessAgentDeparturesUseCase,
  RecordAgentDepartureUseCase,
  TrackAgentAssignmentsUseCase,
  type ActiveTriggerDefinitions,
  type Clock,
  type CustomerProfiles,
} from '@cip/lifecycle-domain';
import { DATA_SOURCE } from '@cip/persistence';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import { KafkaFiringPublisher } from '../infrastructure/kafka-firing.publisher';
import {
  ACTIVE_TRIGGER_DEFINITIONS,
  CUSTOMER_PROFILES,
  LIFECYCLE_CLOCK,
} from '../lifecycle.tokens';
import { AgentAssignmentConsumer } from './agent-assignment.consumer';
import { AgentDepartureWorker } from './agent-departure.worker';
import { AgentDepartureWorkerLifecycle } from './agent-departure-worker.lifecycle';
import {
  AGENT_ASSIGNMENTS_CONSUMER,
  AGENT_DEPARTURE_PAGE_SIZE,
  AGENT_DEPARTURE_POLL_MS,
  AGENT_DEPARTURE_STORE,
} from './agent-departures.tokens';
import { PostgresAgentAssignments } from './postgres-agent-assignments';
import { PostgresAgentDepartureStore } from './postgres-agent-departure.store';

/** Assigned agents (consumer), departures (API, store) and the worker that calls the customers. */
export function agentDepartureProviders(): Provider[] {
  return [
    {
      provide: TrackAgentAssignmentsUseCase,
      useFactory: (dataSource: DataSource) =>
        new TrackAgentAssignmentsUseCase(
          new PostgresAgentAssignments(dataSource, AGENT_ASSIGNMENTS_CONSUMER),
        ),
      inject: [DATA_SOURCE],
    },
    AgentAssignmentConsumer,
    {
      provide: AGENT_DEPARTURE_STORE,
      useFactory: (dataSource: DataSource) => new PostgresAgentDepartureStore(dataSource),
      inject: [DATA_SOURCE],
    },
    {
      provide: RecordAgentDepartureUseCase,
      useFactory: (store: PostgresAgentDepartureStore, clock: Clock) =>
        new RecordAgentDepartureUseCase({ store, clock }),
      inject: [AGENT_DEPARTURE_STORE, LIFECYCLE_CLOCK],
    },
    {
      provide: ProcessAgentDeparturesUseCase,
      useFactory: (
        config: ServiceConfig,
        store: PostgresAgentDepartureStore,
        definitions: ActiveTriggerDefinitions,
        publisher: MultiTopicPublisher,
        profiles: CustomerProfiles,
        clock: Clock,
      ) =>
        new ProcessAgentDeparturesUseCase({
          store,
          definitions,
          profiles,
          publisher: new KafkaFiringPublisher(publisher, config.kafka.topicPrefix),
          clock,
          pageSize: AGENT_DEPARTURE_PAGE_SIZE,
        }),
      inject: [
        SERVICE_CONFIG,
        AGENT_DEPARTURE_STORE,
        ACTIVE_TRIGGER_DEFINITIONS,
        MESSAGE_PUBLISHER,
        CUSTOMER_PROFILES,
        LIFECYCLE_CLOCK,
      ],
    },
    {
      provide: AgentDepartureWorker,
      useFactory: (useCase: ProcessAgentDeparturesUseCase, logger: Logger) =>
        new AgentDepartureWorker(useCase, logger, AGENT_DEPARTURE_POLL_MS),
      inject: [ProcessAgentDeparturesUseCase, LOGGER],
    },
    AgentDepartureWorkerLifecycle,
  ];
}
