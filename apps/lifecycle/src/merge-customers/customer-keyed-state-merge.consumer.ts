import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { customerMergedV1Schema, InvalidInputError, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import type { PostgresCustomerKeyedStateMerger } from './postgres-customer-keyed-state.merger';

export const CUSTOMER_KEYED_STATE_MERGER = Symbol('CUSTOMER_KEYED_STATE_MERGER');

/** Inbox consumer name: the processed_event rows of the keyed-state merge. */
export const CUSTOMER_KEYED_STATE_MERGE_CONSUMER = 'lifecycle.customer-merged-keyed-state';

/**
 * Thin edge: customer.merged → churn score, stage and value profile rows of the merged ids.
 * Its own consumer group next to followCustomerMerges (which re-keys alerts, timers, hits and
 * history): the two touch different tables, so neither waits for the other.
 */
@Injectable()
export class CustomerKeyedStateMergeConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CUSTOMER_KEYED_STATE_MERGER)
    private readonly merger: Pick<PostgresCustomerKeyedStateMerger, 'merge'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'customer-merged-keyed-state'),
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
    const { survivorId } = event.payload;
    if (survivorId !== event.customerId) {
      throw new InvalidInputError('INVALID_MERGE', 'a merge is keyed by its survivor', {
        eventId: event.eventId,
      });
    }
    const outcome = await this.merger.merge({
      eventId: event.eventId,
      survivorId,
      mergedIds: [...new Set(event.payload.mergedIds)].filter((id) => id !== survivorId),
    });
    if (outcome === 'merged') {
      this.logger.info(
        { eventId: event.eventId, survivorId },
        'churn score, stage and value profile of merged customers settled on the survivor',
      );
    }
  }
}
