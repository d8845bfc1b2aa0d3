import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import {
  segmentMembershipChangedV1Schema,
  TOPICS,
  topicName,
  type SegmentMembershipChangedV1,
} from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { TrackLifecycleStageUseCase, type StageChange } from '@cip/lifecycle-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';

/**
 * Thin edge of lifecycle-stage tracking: its own consumer group on `segment-membership`, so
 * stage changes neither wait for nor hold back trigger evaluation. A partition batch goes to the
 * use case at once (a few round trips per batch); a poison message or a batch that keeps failing
 * falls back to message by message, through the one-change path, and only the bad one is
 * dead-lettered.
 */
@Injectable()
export class SegmentMembershipStageConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TrackLifecycleStageUseCase) private readonly useCase: TrackLifecycleStageUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'lifecycle-stages'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.segmentMembership)],
      fromBeginning: true,
      batchHandler: (messages) => this.handleBatch(messages),
      handler: (message) => this.handle(message),
      // Customers are independent and each stays on one partition: work on several at once.
      partitionsConsumedConcurrently: 4,
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decode(message);
    const result = await this.useCase.execute(event);
    if (result.status === 'changed') this.logChange(event.eventId, result.change);
  }

  async handleBatch(messages: readonly IncomingMessage[]): Promise<void> {
    const events = messages.map((message) => decode(message));
    const results = await this.useCase.executeBatch(events);
    for (const [i, result] of results.entries()) {
      if (result.status === 'changed') this.logChange(events[i]?.eventId, result.change);
    }
  }

  private logChange(eventId: string | undefined, change: StageChange): void {
    this.logger.info(
      { eventId, from: change.from, to: change.to, stageVersion: change.version },
      'lifecycle stage changed',
    );
  }
}

function decode(message: IncomingMessage): SegmentMembershipChangedV1 {
  return decodeCustomerEvent(message, {
    schema: segmentMembershipChangedV1Schema,
    invalidCode: 'INVALID_MEMBERSHIP_EVENT',
    describes: 'membership event',
  });
}
