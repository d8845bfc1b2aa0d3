import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { segmentMembershipChangedV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { RaiseAlertsUseCase } from '@cip/lifecycle-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';

/** Thin edge: decode with the contract, hand over to the use case. Stopped by the Kafka module. */
@Injectable()
export class SegmentMembershipConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RaiseAlertsUseCase) private readonly useCase: RaiseAlertsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'segment-membership'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.segmentMembership)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
      // Customers are independent and each stays on one partition: work on several at once.
      partitionsConsumedConcurrently: 4,
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decodeCustomerEvent(message, {
      schema: segmentMembershipChangedV1Schema,
      invalidCode: 'INVALID_MEMBERSHIP_EVENT',
      describes: 'membership event',
    });
    const result = await this.useCase.execute(event);
    if (result.status === 'evaluated' && result.fired.length > 0) {
      this.logger.info(
        {
          eventId: event.eventId,
          fired: result.fired.map((f) => ({
            triggerId: f.triggerId,
            severity: f.severity,
            alertId: f.alert?.record.alertId,
          })),
        },
        'lifecycle triggers fired',
      );
    }
  }
}
