import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import {
  attritionAlertRaisedV1Schema,
  decodeJsonWith,
  InvalidInputError,
  TOPICS,
  topicName,
} from '@cip/contracts';
import { MESSAGE_CONSUMERS, type IncomingMessage, type MessageConsumerFactory } from '@cip/kafka';
import { RecordOpenAlertUseCase } from '@cip/nba-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';

/** Thin edge: decode with the contract, hand over to the use case. Stopped by the Kafka module. */
@Injectable()
export class AttritionAlertsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RecordOpenAlertUseCase) private readonly useCase: RecordOpenAlertUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'attrition-alerts'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.attritionAlerts)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const decoded = decodeJsonWith(attritionAlertRaisedV1Schema, message.value);
    if (!decoded.ok) {
      throw new InvalidInputError(
        'INVALID_ALERT_EVENT',
        'attrition alert does not match the contract',
        {
          issues: decoded.issues,
        },
      );
    }
    const event = decoded.value;
    if (message.key !== event.customerId) {
      throw new InvalidInputError('KEY_MISMATCH', 'record key is not the event customerId', {
        eventId: event.eventId,
      });
    }
    const outcome = await this.useCase.execute(event);
    if (outcome === 'recorded') {
      this.logger.info(
        {
          eventId: event.eventId,
          alertId: event.payload.alertId,
          severity: event.payload.severity,
        },
        'open alert recorded',
      );
    }
  }
}
