import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { segmentMembershipChangedV1Schema, TOPICS, topicName } from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { TrackLifecycleStageUseCase } from '@cip/lifecycle-domain';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';

/**
 * Thin edge of lifecycle-stage tracking: its own consumer group on `segment-membership`, so
 * stage changes neither wait for nor hold back trigger evaluation.
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
      handler: (message) => this.handle(message),
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = decodeCustomerEvent(message, {
      schema: segmentMembershipChangedV1Schema,
      invalidCode: 'INVALID_MEMBERSHIP_EVENT',
      describes: 'membership event',
    });
    const result = await this.useCase.execute(event);
    if (result.status === 'changed') {
      this.logger.info(
        {
          eventId: event.eventId,
          from: result.change.from,
          to: result.change.to,
          stageVersion: result.change.version,
        },
        'lifecycle stage changed',
      );
    }
  }
}
