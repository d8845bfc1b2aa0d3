import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import {
  contactEventV1Schema,
  decodeJsonWith,
  InvalidInputError,
  TOPICS,
  topicName,
} from '@cip/contracts';
import { MESSAGE_CONSUMERS, type IncomingMessage, type MessageConsumerFactory } from '@cip/kafka';
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
    const decoded = decodeJsonWith(contactEventV1Schema, message.value);
    if (!decoded.ok) {
      throw new InvalidInputError(
        'INVALID_CONTACT_EVENT',
        'contact event does not match the contract',
        {
          issues: decoded.issues,
        },
      );
    }
    const event = decoded.value;
    // Per-customer ordering rests on the key; a record keyed otherwise would break it.
    if (message.key !== event.customerId) {
      throw new InvalidInputError('KEY_MISMATCH', 'record key is not the event customerId', {
        eventId: event.eventId,
      });
    }
    const result = await this.useCase.execute(event);
    if (result.status !== 'already-processed' && result.changes.length > 0) {
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
