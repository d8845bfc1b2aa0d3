import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { customerProfileChangedV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { TrackAgentAssignmentsUseCase } from '@cip/lifecycle-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';

/**
 * Thin edge: customer-profile-changed → customer_agent_assignment. Its own consumer group, so
 * the customer file's changes neither wait for nor hold back trigger evaluation.
 */
@Injectable()
export class AgentAssignmentConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TrackAgentAssignmentsUseCase) private readonly useCase: TrackAgentAssignmentsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'agent-assignments'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.customerProfileChanged)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decodeCustomerEvent(message, {
      schema: customerProfileChangedV1Schema,
      invalidCode: 'INVALID_PROFILE_CHANGED_EVENT',
      describes: 'customer profile change',
    });
    const outcome = await this.useCase.execute(event);
    if (outcome.status === 'assigned' || outcome.status === 'unassigned') {
      this.logger.debug(
        { eventId: event.eventId, agentId: outcome.change.agentId },
        `customer ${outcome.status}`,
      );
    }
  }
}
