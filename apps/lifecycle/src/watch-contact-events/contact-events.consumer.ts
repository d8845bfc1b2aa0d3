import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { contactEventV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { WatchContactEventsUseCase } from '@cip/lifecycle-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';

/**
 * Thin edge for contact events: decode with the contract (poison → dead-letter by the Kafka
 * lib), hand over to the use case, which fires event triggers and arms/cancels absence timers.
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
      handler: (message) => this.handle(message),
      // Customers are independent and each stays on one partition: work on several at once.
      partitionsConsumedConcurrently: 4,
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decodeCustomerEvent(message, {
      schema: contactEventV1Schema,
      invalidCode: 'INVALID_CONTACT_EVENT',
      describes: 'contact event',
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
        'lifecycle triggers fired by a contact event',
      );
    }
  }
}
