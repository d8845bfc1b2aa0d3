import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { consumerGroupId, type ServiceConfig } from '@cip/config';
import { InvalidInputError, PlatformError, TOPICS, topicName } from '@cip/contracts';
import { INGESTION_ERROR_CODES, type RecordContactEvent } from '@cip/ingestion-domain';
import { MESSAGE_CONSUMERS, type IncomingMessage, type MessageConsumerFactory } from '@cip/kafka';
import { LOGGER, SERVICE_CONFIG } from '@cip/service-kit';
import type { Logger } from '@cip/telemetry';
import { RECORD_CONTACT_EVENT } from '../record-event/record-event.tokens';

/**
 * Systems that prefer Kafka produce raw events to the intake topic. Each record goes through the
 * same use case as POST /v1/events (validation, idempotency by event id, publish keyed by
 * customer), so the offset is committed only once the event is on contact-events. Invalid records
 * and reused event ids are poison: they go to the intake dead-letter topic with the reason.
 */
@Injectable()
export class IntakeConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RECORD_CONTACT_EVENT) private readonly recordContactEvent: RecordContactEvent,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: consumerGroupId(this.config, 'intake'),
      topics: [topicName(this.config.kafka.topicPrefix, TOPICS.intakeRaw)],
      handler: (message) => this.handle(message),
    });
  }

  async handle(message: IncomingMessage): Promise<void> {
    const body = parseJson(message.value);
    try {
      const { receipt, replayed } = await this.recordContactEvent.record(body);
      if (replayed) this.logger.debug({ eventId: receipt.eventId }, 'intake record was a replay');
    } catch (error) {
      // A reused event id never becomes valid by retrying; anything else (Kafka down, an id
      // being recorded concurrently) is retried by the consumer with backoff.
      if (
        error instanceof PlatformError &&
        error.code === INGESTION_ERROR_CODES.idempotencyConflict
      )
        throw new InvalidInputError(error.code, error.message);
      throw error;
    }
  }
}

function parseJson(value: Buffer | null): unknown {
  if (value === null) throw new InvalidInputError('EMPTY_RECORD', 'intake record has no value');
  try {
    return JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new InvalidInputError(
      'MALFORMED_JSON',
      `intake record is not JSON: ${(error as Error).message}`,
    );
  }
}
