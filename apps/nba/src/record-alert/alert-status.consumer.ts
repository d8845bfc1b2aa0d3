import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { alertStatusChangedV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { CloseAlertUseCase } from '@cip/nba-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';

/**
 * Thin edge: alert.status.changed → the close use case, so a resolved or expired alert stops
 * driving the next-best-action. Stopped by the Kafka module.
 */
@Injectable()
export class AlertStatusConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CloseAlertUseCase) private readonly useCase: CloseAlertUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'alert-status'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.alertStatus)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decodeCustomerEvent(message, {
      schema: alertStatusChangedV1Schema,
      invalidCode: 'INVALID_ALERT_STATUS_EVENT',
      describes: 'alert status change',
    });
    const outcome = await this.useCase.execute(event);
    if (outcome === 'closed') {
      this.logger.info(
        { eventId: event.eventId, alertId: event.payload.alertId, status: event.payload.to },
        'alert closed: it no longer drives the next-best-action',
      );
    }
  }
}
