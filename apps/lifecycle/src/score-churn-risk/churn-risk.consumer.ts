import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { contactEventV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { ScoreChurnRiskUseCase } from '@cip/lifecycle-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import { ACTIVE_CHURN_MODEL } from './churn-risk.tokens';
import type { RefreshingChurnModel } from './refreshing-churn-model';

/**
 * Thin edge: its own consumer group on contact events (so churn scoring neither slows nor is
 * slowed by the trigger evaluators), decode with the contract (poison → dead-letter by the Kafka
 * lib), then one use case.
 */
@Injectable()
export class ChurnRiskConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ScoreChurnRiskUseCase) private readonly useCase: ScoreChurnRiskUseCase,
    @Inject(ACTIVE_CHURN_MODEL) private readonly model: RefreshingChurnModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'churn-risk'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.contactEvents)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
      // Customers are independent and each stays on one partition: work on several at once.
      partitionsConsumedConcurrently: 4,
    });
  }

  beforeApplicationShutdown(): void {
    this.model.stop();
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decodeCustomerEvent(message, {
      schema: contactEventV1Schema,
      invalidCode: 'INVALID_CONTACT_EVENT',
      describes: 'contact event',
    });
    const result = await this.useCase.execute(event);
    if (result.status === 'scored' && result.fired.length > 0) {
      this.logger.info(
        {
          eventId: event.eventId,
          probability: result.score.probability,
          modelVersion: result.score.modelVersion,
          alertId: result.fired[0]?.alert?.record.alertId,
        },
        'churn risk entered the high band',
      );
    }
  }
}
