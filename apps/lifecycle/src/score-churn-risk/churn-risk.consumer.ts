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
import { CONTACT_EVENTS_MAX_BYTES_PER_PARTITION } from '../lifecycle.tokens';
import { ACTIVE_CHURN_MODEL, CHURN_RISK_PARTITIONS_CONCURRENTLY } from './churn-risk.tokens';
import type { RefreshingChurnModel } from './refreshing-churn-model';

/**
 * Thin edge: its own consumer group on contact events (so churn scoring neither slows nor is
 * slowed by the trigger evaluators), decodes a whole partition batch with the contract and hands
 * it to the use case. A poison message fails the batch with InvalidInputError; the bus then goes
 * message by message (a batch of one) and dead-letters only that one.
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
      batchHandler: (messages) => this.handleBatch(messages),
      handler: (message) => this.handleBatch([message]),
      // Customers are independent and each stays on one partition: take a fetch's partitions at
      // once; coalesced, they cost one round of reads and one transaction.
      partitionsConsumedConcurrently: CHURN_RISK_PARTITIONS_CONCURRENTLY,
      // One use-case call for a fetch's partition batches: its round trips are paid once.
      coalescePartitionBatches: true,
      maxBytesPerPartition: CONTACT_EVENTS_MAX_BYTES_PER_PARTITION,
    });
  }

  beforeApplicationShutdown(): void {
    this.model.stop();
  }

  async handle(message: IncomingMessage): Promise<void> {
    await this.handleBatch([message]);
  }

  async handleBatch(messages: readonly IncomingMessage[]): Promise<void> {
    const events = messages.map((message) =>
      decodeCustomerEvent(message, {
        schema: contactEventV1Schema,
        invalidCode: 'INVALID_CONTACT_EVENT',
        describes: 'contact event',
      }),
    );
    const results = await this.useCase.executeBatch(events);
    for (const [i, result] of results.entries()) {
      // Rare (entering the high band is what alerts), so each keeps its own line.
      if (result.status !== 'scored' || result.fired.length === 0) continue;
      this.logger.info(
        {
          eventId: events[i]?.eventId,
          probability: result.score.probability,
          modelVersion: result.score.modelVersion,
          alertId: result.fired[0]?.alert?.record.alertId,
        },
        'churn risk entered the high band',
      );
    }
  }
}
