import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import {
  contactEventV1Schema,
  customerProfileChangedV1Schema,
  DEFAULT_PARTITIONS,
  TOPICS,
  topicName,
} from '@cip/contracts';
import {
  decodeCustomerEvent,
  MESSAGE_CONSUMERS,
  type BatchCompletion,
  type CompletionMerger,
  type IncomingMessage,
  type MessageConsumerFactory,
} from '@cip/kafka';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import { ApplySegmentFactsUseCase, type SegmentFact } from './apply-segment-facts.use-case';
import { canRecordTogether, type RecordWork } from './membership-recorder';

/** After a call of fewer events the next fetch waits SEGMENTATION_SMALL_BATCH_LINGER_MS. */
const SMALL_CALL_EVENTS = 16;

/**
 * Thin edge: decodes contact events and profile changes with their contracts and hands a batch
 * (the partition batches of one fetch, coalesced, where backfills run elsewhere) to the use case:
 * one hot-store round trip, one publish. The journal transaction is left to the bus as the
 * batch's completion, so it overlaps the next fetch and batch (ADR 0010). A poison message fails
 * the batch with InvalidInputError; the bus then goes message by message and dead-letters only
 * that one.
 */
@Injectable()
export class SegmentFactsConsumer implements OnApplicationBootstrap {
  private readonly profileTopic: string;
  /**
   * Batches whose journal waited behind a slower one, or arrived within the gathering time
   * (SEGMENTATION_JOURNAL_GATHER_MS), are recorded together: one transaction and one
   * pending-list round trip for all of them, so a slow Postgres costs fewer commits, not more.
   */
  private readonly journalMerger: CompletionMerger<RecordWork>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ApplySegmentFactsUseCase) private readonly useCase: ApplySegmentFactsUseCase,
  ) {
    this.profileTopic = topicName(config.kafka.topicPrefix, TOPICS.customerProfileChanged);
    this.journalMerger = {
      fits: (works, next) => canRecordTogether([...works, next]),
      combine: (works) => ({ complete: () => this.useCase.recordAll(works) }),
      gatherMs: config.segmentation.journalGatherMs,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.segmentation.workloads.has('events')) return;
    const prefix = this.config.kafka.topicPrefix;
    const lingerMs = this.config.segmentation.smallBatchLingerMs;
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'contact-events'),
      topics: [topicName(prefix, TOPICS.contactEvents), this.profileTopic],
      fromBeginning: true,
      batchHandler: (messages) => this.handleBatch(messages),
      handler: async (message) => {
        const { complete } = await this.handleBatch([message]);
        await complete();
      },
      // As many as the topic's partitions (contracts' DEFAULT_PARTITIONS), so a fetch's batches
      // are one coalesced call rather than three in a row: at 5,000 events/s the p50 from
      // acceptance to membership change fell from 88 to 14-44 ms (200k runs, ADR 0010).
      partitionsConsumedConcurrently: DEFAULT_PARTITIONS,
      // One call per fetch pays the reads and produce once (ADR 0010): at 200,000 customers the
      // p99 at 500 events/s halved. Not where backfills share this event loop: there one long
      // call held ingest back (throughput fell by a third).
      coalescePartitionBatches: !this.config.segmentation.workloads.has('backfill'),
      // About 500 events of ~500 bytes per batch: a backlog never makes one giant batch.
      maxBytesPerPartition: 256 * 1024,
      // At low rates nearly every event is a call of its own, ~1 ms of CPU in round trips each;
      // a few ms of waiting makes calls several events long, at a cost in latency (ADR 0010).
      ...(lingerMs > 0
        ? { lingerOnSmallBatches: { belowMessages: SMALL_CALL_EVENTS, waitMs: lingerMs } }
        : {}),
    });
  }

  /** Returns the batch's durable part for the bus to run while it fetches the next batch. */
  async handleBatch(messages: readonly IncomingMessage[]): Promise<BatchCompletion> {
    const facts = messages.map((message) => this.decode(message));
    const { record, work, ...result } = await this.useCase.applyAndPublish(facts);
    if (result.changes.length > 0 || result.redirected > 0) {
      this.logger.debug(
        {
          facts: facts.length,
          changes: result.changes.length,
          redirected: result.redirected,
        },
        'segment memberships changed',
      );
    }
    return { complete: record, mergeable: { merger: this.journalMerger, part: work } };
  }

  decode(message: IncomingMessage): SegmentFact {
    return message.topic === this.profileTopic
      ? decodeCustomerEvent(message, {
          schema: customerProfileChangedV1Schema,
          invalidCode: 'INVALID_PROFILE_CHANGE',
          describes: 'customer profile change',
        })
      : decodeCustomerEvent(message, {
          schema: contactEventV1Schema,
          invalidCode: 'INVALID_CONTACT_EVENT',
          describes: 'contact event',
        });
  }
}
