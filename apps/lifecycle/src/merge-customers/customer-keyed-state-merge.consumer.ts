import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { TOPICS, topicName } from '@cip/contracts';
import { MESSAGE_CONSUMERS, type IncomingMessage, type MessageConsumerFactory } from '@cip/kafka';
import { decodeCustomerMerge, LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
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
    const merge = decodeCustomerMerge(message);
    const outcome = await this.merger.merge(merge);
    if (outcome === 'merged') {
      this.logger.info(
        { eventId: merge.eventId, survivorId: merge.survivorId },
        'churn score, stage and value profile of merged customers settled on the survivor',
      );
    }
  }
}
