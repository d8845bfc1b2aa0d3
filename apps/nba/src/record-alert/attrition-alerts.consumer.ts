import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { attritionAlertRaisedV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
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
    const event = decodeCustomerEvent(message, {
      schema: attritionAlertRaisedV1Schema,
      invalidCode: 'INVALID_ALERT_EVENT',
      describes: 'attrition alert',
    });
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
