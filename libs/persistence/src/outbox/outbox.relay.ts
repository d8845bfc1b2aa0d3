import { HEADERS, topicName, type TopicBaseName } from '@cip/contracts';
import type { MessagePublisher, OutgoingMessage } from '@cip/kafka';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import { OutboxMessageEntity } from '../ingestion/outbox-message.entity';
import { qualifiedTableName } from '../qualified-table-name';

interface OutboxRow {
  id: string;
  topic: TopicBaseName;
  message_key: string;
  event_type: string;
  value: { version?: unknown };
}

export interface OutboxRelayOptions {
  topicPrefix: string;
  /** Safety net for a lost notification or a crash before publishing; 0 = never (tests). */
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes a service's outbox rows (its schema's `outbox_message`) to Kafka after their
 * transaction committed, then deletes them. Ingestion relays merges and profile changes,
 * lifecycle alert status changes.
 *
 * Why an outbox: the change and its event must both happen or neither; a publish inside the
 * transaction could announce a change that then rolls back (and would hold its row locks across
 * a broker round trip), a publish after commit could be lost in a crash. Delivery is at least once (a crash between the broker's ack
 * and the DELETE publishes the rows again; consumers deduplicate by event id, as they do for
 * contact events). One drainer at a time across instances (an advisory lock), in id order, so
 * one customer's events keep their order.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly lockKey: string;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: MessagePublisher,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {
    this.table = qualifiedTableName(dataSource, OutboxMessageEntity);
    this.lockKey = `cip:outbox:${this.table}`;
    this.batchSize = options.batchSize ?? 200;
  }

  start(): void {
    const periodMs = this.options.pollIntervalMs ?? 1_000;
    if (periodMs > 0) {
      this.timer ??= setInterval(() => this.notify(), periodMs);
      this.timer.unref();
    }
    this.notify();
  }

  /** Stops polling and waits for the drain in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.again = false;
    await this.draining;
  }

  /** Something was committed to the outbox: drain now rather than at the next poll. */
  notify(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainAll()
      .catch((err: unknown) =>
        this.logger.warn({ err }, 'outbox relay failed; retrying on the next poll'),
      )
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
  }

  /** Publishes until the outbox is empty (or another instance holds the drain lock). */
  async drainAll(): Promise<void> {
    while (await this.drainBatch()) {
      // keep going: a full batch means there may be more
    }
  }

  private async drainBatch(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query(
        'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked',
        [this.lockKey],
      )) as { locked: boolean }[];
      if (!lock?.locked) return false;
      const rows = (await manager.query(
        `SELECT id, topic, message_key, event_type, value FROM ${this.table} ORDER BY id LIMIT $1`,
        [this.batchSize],
      )) as OutboxRow[];
      for (const [topic, messages] of byTopic(rows)) {
        await this.bus.publish(topicName(this.options.topicPrefix, topic), messages);
      }
      if (rows.length > 0) {
        await manager.query(`DELETE FROM ${this.table} WHERE id = ANY($1::bigint[])`, [
          rows.map((row) => row.id),
        ]);
      }
      return rows.length === this.batchSize;
    });
  }
}

/** Rows grouped by topic, each group in id order (one key's events stay in order per topic). */
function byTopic(rows: readonly OutboxRow[]): Map<TopicBaseName, OutgoingMessage[]> {
  const groups = new Map<TopicBaseName, OutgoingMessage[]>();
  for (const row of rows) {
    const messages = groups.get(row.topic) ?? [];
    messages.push({
      key: row.message_key,
      value: row.value,
      headers: {
        [HEADERS.eventType]: row.event_type,
        [HEADERS.schemaVersion]: String(row.value.version ?? 1),
      },
    });
    groups.set(row.topic, messages);
  }
  return groups;
}
