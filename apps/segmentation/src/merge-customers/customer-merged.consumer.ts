import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { customerMergedV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import { MergeCustomersUseCase } from './merge-customers.use-case';

/** Thin edge: decode with the contract, hand over to the use case. Stopped by the Kafka module. */
@Injectable()
export class CustomerMergedConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MergeCustomersUseCase) private readonly useCase: MergeCustomersUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.segmentation.workloads.has('events')) return;
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'customer-merged'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.customerMerged)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decodeCustomerEvent(message, {
      schema: customerMergedV1Schema,
      invalidCode: 'INVALID_CUSTOMER_MERGED',
      describes: 'customer merge',
    });
    const result = await this.useCase.execute(event);
    if (result.status === 'merged') {
      this.logger.info(
        {
          eventId: event.eventId,
          mergedCount: event.payload.mergedIds.length,
          changes: result.changes.map((c) => ({ segmentId: c.segmentId, change: c.change })),
        },
        'customers merged',
      );
    }
  }
}
