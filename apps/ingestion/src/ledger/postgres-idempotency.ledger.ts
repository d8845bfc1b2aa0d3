import { Inject, Injectable } from '@nestjs/common';
import { PlatformError } from '@cip/contracts';
import type {
  ClaimResult,
  IdempotencyLedger,
  LedgerEntry,
  LedgerStatus,
} from '@cip/ingestion-domain';
import { AcceptedEventEntity, DATA_SOURCE } from '@cip/persistence';
import type { DataSource } from 'typeorm';

interface LedgerRow {
  event_id: string;
  customer_id: string;
  type: string;
  body_hash: string;
  status: LedgerStatus;
  occurred_at: Date;
  accepted_at: Date;
  topic: string;
}

const COLUMNS = 'event_id, customer_id, type, body_hash, status, occurred_at, accepted_at, topic';

/** A lost race (the row we collided with vanished before we read it) is retried this often. */
const MAX_CLAIM_ATTEMPTS = 3;

/**
 * The idempotency ledger over ingestion.accepted_event. Hand-written SQL, one statement per
 * step, because this is the hot path: a new event costs one INSERT and one UPDATE.
 */
@Injectable()
export class PostgresIdempotencyLedger implements IdempotencyLedger {
  private readonly table: string;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    // Schema-qualified from the entity metadata, independent of the session's search_path.
    const metadata = dataSource.getMetadata(AcceptedEventEntity);
    const { driver } = dataSource;
    this.table = metadata.schema
      ? `${driver.escape(metadata.schema)}.${driver.escape(metadata.tableName)}`
      : driver.escape(metadata.tableName);
  }

  async claim(entry: LedgerEntry): Promise<ClaimResult> {
    for (let attempt = 1; ; attempt += 1) {
      const inserted = (await this.dataSource.query(
        `INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        valuesOf(entry),
      )) as unknown;
      if (returnedRows(inserted).length === 1) return { claimed: true };
      const existing = await this.find(entry.eventId);
      if (existing) return { claimed: false, existing };
      // The conflicting claim was released between our two statements: try again.
      if (attempt >= MAX_CLAIM_ATTEMPTS) {
        throw new PlatformError(
          'LEDGER_CONTENTION',
          `Could not claim event id after ${attempt} attempts`,
        );
      }
    }
  }

  async retake(
    eventId: string,
    bodyHash: string,
    staleBefore: Date,
    claimedAt: Date,
  ): Promise<boolean> {
    // The row lock of the UPDATE makes exactly one of several concurrent retakes match.
    const result: unknown = await this.dataSource.query(
      `UPDATE ${this.table} SET accepted_at = $4
       WHERE event_id = $1 AND status = 'pending' AND body_hash = $2 AND accepted_at <= $3
       RETURNING event_id`,
      [eventId, bodyHash, staleBefore, claimedAt],
    );
    return returnedRows(result).length === 1;
  }

  async markAccepted(entry: LedgerEntry): Promise<void> {
    // An upsert: whoever got Kafka's ack may record it, even if the claim changed hands meanwhile.
    await this.dataSource.query(
      `INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id) DO UPDATE SET status = 'accepted', accepted_at = EXCLUDED.accepted_at
       WHERE ${this.table}.status = 'pending'`,
      valuesOf(entry),
    );
  }

  async release(eventId: string, claimedAt: Date): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ${this.table} WHERE event_id = $1 AND status = 'pending' AND accepted_at = $2`,
      [eventId, claimedAt],
    );
  }

  async find(eventId: string): Promise<LedgerEntry | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE event_id = $1`,
      [eventId],
    )) as LedgerRow[];
    const row = rows[0];
    return row ? entryOf(row) : undefined;
  }
}

function valuesOf(entry: LedgerEntry): unknown[] {
  return [
    entry.eventId,
    entry.customerId,
    entry.type,
    entry.bodyHash,
    entry.status,
    entry.occurredAt,
    entry.acceptedAt,
    entry.topic,
  ];
}

function entryOf(row: LedgerRow): LedgerEntry {
  return {
    eventId: row.event_id,
    customerId: row.customer_id,
    type: row.type,
    bodyHash: row.body_hash,
    status: row.status,
    occurredAt: new Date(row.occurred_at),
    acceptedAt: new Date(row.accepted_at),
    topic: row.topic,
  };
}

/** TypeORM's pg driver answers UPDATE/DELETE with `[rows, rowCount]`, INSERT/SELECT with `rows`. */
function returnedRows(result: unknown): unknown[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as unknown[];
  }
  return Array.isArray(result) ? result : [];
}
