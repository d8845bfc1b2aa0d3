import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { contactEventV1Schema, TOPICS, topicName, type ContactEvent } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { WatchContactEventsUseCase } from '@cip/lifecycle-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import {
  CONTACT_EVENTS_MAX_BYTES_PER_PARTITION,
  CONTACT_EVENTS_PARTITIONS_CONCURRENTLY,
} from '../lifecycle.tokens';

/**
 * Thin edge for contact events: decodes a whole partition batch with the contract and hands it
 * to the use case (a few round trips, one publish and one transaction per batch). A poison
 * message fails the batch with InvalidInputError; the bus then goes message by message (the same
 * path with a batch of one) and dead-letters only that one.
 */
@Injectable()
export class ContactEventsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WatchContactEventsUseCase) private readonly useCase: WatchContactEventsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'trigger-contact-events'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.contactEvents)],
      fromBeginning: true,
      batchHandler: (messages) => this.handleBatch(messages),
      handler: (message) => this.handleBatch([message]),
      // Customers are independent and each stays on one partition: work on several at once.
      partitionsConsumedConcurrently: CONTACT_EVENTS_PARTITIONS_CONCURRENTLY,
      // One use-case call for a fetch's partition batches: its round trips are paid once.
      coalescePartitionBatches: true,
      maxBytesPerPartition: CONTACT_EVENTS_MAX_BYTES_PER_PARTITION,
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    await this.handleBatch([message]);
  }

  async handleBatch(messages: readonly IncomingMessage[]): Promise<void> {
    const events = messages.map((message) => decode(message));
    const results = await this.useCase.executeBatch(events);
    const fired = results.flatMap((r) => (r.status === 'evaluated' ? r.fired : []));
    // One line per batch, at debug: the firings themselves are on Kafka and in the alert table.
    if (fired.length > 0 && this.logger.isLevelEnabled('debug')) {
      this.logger.debug(
        {
          events: events.length,
          fired: fired.map((f) => ({
            triggerId: f.triggerId,
            causationId: f.triggerFired.causationId,
            alertId: f.alert?.record.alertId,
          })),
        },
        'lifecycle triggers fired by contact events',
      );
    }
  }
}

function decode(message: IncomingMessage): ContactEvent {
  return decodeCustomerEvent(message, {
    schema: contactEventV1Schema,
    invalidCode: 'INVALID_CONTACT_EVENT',
    describes: 'contact event',
  });
}
