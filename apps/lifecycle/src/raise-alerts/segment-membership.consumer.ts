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

/**
 * Thin edge: decodes a partition batch with the contract and hands it to the use case; a poison
 * message fails the batch (InvalidInputError) and the bus goes message by message, a batch of
 * one each, dead-lettering only that one. Stopped by the Kafka module.
 */
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
      batchHandler: (messages) => this.handleBatch(messages),
      handler: (message) => this.handleBatch([message]),
      // Customers are independent and each stays on one partition: work on several at once.
      partitionsConsumedConcurrently: 4,
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    await this.handleBatch([message]);
  }

  async handleBatch(messages: readonly IncomingMessage[]): Promise<void> {
    const changes = messages.map((message) =>
      decodeCustomerEvent(message, {
        schema: segmentMembershipChangedV1Schema,
        invalidCode: 'INVALID_MEMBERSHIP_EVENT',
        describes: 'membership event',
      }),
    );
    const results = await this.useCase.executeBatch(changes);
    for (const [i, result] of results.entries()) {
      if (result.status !== 'evaluated' || result.fired.length === 0) continue;
      this.logger.info(
        {
          eventId: changes[i]?.eventId,
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
