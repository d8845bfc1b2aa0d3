import { Inject, Injectable, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { TOPICS, topicName } from '@cip/contracts';
import { MESSAGE_CONSUMERS, type IncomingMessage, type MessageConsumerFactory } from '@cip/kafka';
import { DATA_SOURCE, moveCustomerRows } from '@cip/persistence';
import type { Logger } from '@cip/telemetry';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { decodeCustomerMerge } from './decode-customer-merge';
import { LOGGER, SERVICE_CONFIG } from './tokens';

export interface FollowCustomerMergesOptions {
  /** Inbox consumer name: the processed_event rows of the merges applied. */
  inboxConsumer: string;
  /** The service's per-customer tables (entities with a `customerId`, keyed by their own id). */
  entities: ReadonlyArray<EntityTarget<ObjectLiteral>>;
}

const FOLLOW_CUSTOMER_MERGES = Symbol('FOLLOW_CUSTOMER_MERGES');

/**
 * For services whose per-customer data is rows keyed by their own id (alerts, cooldown evidence):
 * on `customer.merged` the merged ids' rows are re-keyed to the survivor, once per merge.
 */
@Injectable()
export class CustomerMergeFollower implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(FOLLOW_CUSTOMER_MERGES) private readonly options: FollowCustomerMergesOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'customer-merged'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.customerMerged)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const merge = decodeCustomerMerge(message);
    const outcome = await moveCustomerRows(this.dataSource, {
      consumer: this.options.inboxConsumer,
      ...merge,
      entities: this.options.entities,
    });
    if (outcome === 'moved') {
      this.logger.info(
        { eventId: merge.eventId },
        'rows of merged customers moved to the survivor',
      );
    }
  }
}

/** The providers that make a service's rows follow customer merges. */
export function followCustomerMerges(options: FollowCustomerMergesOptions): Provider[] {
  return [{ provide: FOLLOW_CUSTOMER_MERGES, useValue: options }, CustomerMergeFollower];
}
