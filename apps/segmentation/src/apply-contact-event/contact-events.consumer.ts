import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { contactEventV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import { ApplyContactEventUseCase } from './apply-contact-event.use-case';

/** Thin edge: decode with the contract, hand over to the use case. Stopped by the Kafka module. */
@Injectable()
export class ContactEventsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly useCase: ApplyContactEventUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'contact-events'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.contactEvents)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decodeCustomerEvent(message, {
      schema: contactEventV1Schema,
      invalidCode: 'INVALID_CONTACT_EVENT',
      describes: 'contact event',
    });
    const result = await this.useCase.execute(event);
    if (result.status === 'redirected') {
      this.logger.info(
        { eventId: event.eventId },
        'event of a merged customer routed to the survivor',
      );
    } else if (result.status !== 'already-processed' && result.changes.length > 0) {
      this.logger.info(
        {
          eventId: event.eventId,
          status: result.status,
          changes: result.changes.map((c) => ({
            segmentId: c.segmentId,
            change: c.change,
            eventId: c.eventId,
          })),
        },
        'segment memberships changed',
      );
    }
  }
}
