import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher } from '@cip/async';
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

/**
 * Rows of a multi-row statement, passed as one JSON parameter: a statement of any size is one
 * prepared shape, and JSON.stringify is far cheaper than pg's escaping of eight text arrays.
 */
const JSON_ROWS = `SELECT * FROM json_to_recordset($1::json) AS r(event_id text, customer_id text,
  type text, body_hash text, status text, occurred_at timestamptz, accepted_at timestamptz, topic text)`;

/** A lost race (the row we collided with vanished before we read it) is retried this often. */
const MAX_CLAIM_ATTEMPTS = 3;

/**
 * Claims or acceptances waiting for a statement beyond this answer 503 at once: Postgres is not
 * keeping up, and a backlog would only turn into timeouts later.
 */
const MAX_QUEUED_WRITES = 20_000;

/** At least the largest HTTP batch, so one batch request is one statement. */
const MAX_ROWS_PER_STATEMENT = 1_000;

/** Statements of each kind (claims, acceptances) in flight at once; well below the pool size. */
const MAX_CONCURRENT_STATEMENTS = 3;

/** A statement starting from idle waits this long for more rows (see MicroBatcher.lingerMs). */
const LINGER_MS = 2;

/**
 * The idempotency ledger over ingestion.accepted_event, hand-written SQL because this is the hot
 * path. Claims and acceptances of concurrent requests are gathered (MicroBatcher) into one
 * multi-row statement each: under load a new event costs a share of one INSERT and one upsert
 * instead of two round trips of its own, and the answer to each caller is exactly what its own
 * single-row statement would have said.
 */
@Injectable()
export class PostgresIdempotencyLedger implements IdempotencyLedger {
  private readonly table: string;
  private readonly claims: MicroBatcher<LedgerEntry, ClaimResult>;
  private readonly accepts: MicroBatcher<LedgerEntry, void>;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    // Schema-qualified from the entity metadata, independent of the session's search_path.
    const metadata = dataSource.getMetadata(AcceptedEventEntity);
    const { driver } = dataSource;
    this.table = metadata.schema
      ? `${driver.escape(metadata.schema)}.${driver.escape(metadata.tableName)}`
      : driver.escape(metadata.tableName);
    const common = {
      maxBatchSize: MAX_ROWS_PER_STATEMENT,
      maxConcurrentFlushes: MAX_CONCURRENT_STATEMENTS,
      maxQueued: MAX_QUEUED_WRITES,
      // A statement is all or nothing: a row Postgres refuses must not fail its neighbours' requests.
      retryItemsAlone: true,
      lingerMs: LINGER_MS,
      overloaded: () =>
        new PlatformError('DEPENDENCY_UNAVAILABLE', 'The event ledger is overloaded; retry later'),
    };
    this.claims = new MicroBatcher({ ...common, flush: (entries) => this.claimMany(entries) });
    this.accepts = new MicroBatcher({
      ...common,
      flush: async (entries) => {
        await this.acceptMany(entries);
        return entries.map(() => undefined);
      },
    });
  }

  claim(entry: LedgerEntry): Promise<ClaimResult> {
    return this.claims.submit(entry);
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

  markAccepted(entry: LedgerEntry): Promise<void> {
    return this.accepts.submit(entry);
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

  /** Results in the order of `entries`, as if each had been claimed alone, one after the other. */
  private async claimMany(entries: LedgerEntry[]): Promise<ClaimResult[]> {
    const first = firstOccurrences(entries);
    const inserted = new Set(
      (
        returnedRows(
          await this.dataSource.query(
            `INSERT INTO ${this.table} (${COLUMNS}) ${JSON_ROWS}
             ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
            rowsOf([...first.values()]),
          ),
        ) as Array<{ event_id: string }>
      ).map((row) => row.event_id),
    );
    const lost = [...first.keys()].filter((eventId) => !inserted.has(eventId));
    const existing = lost.length > 0 ? await this.findMany(lost) : new Map<string, LedgerEntry>();

    const byId = new Map<string, ClaimResult>();
    for (const [eventId, entry] of first) {
      const found = existing.get(eventId);
      if (inserted.has(eventId)) byId.set(eventId, { claimed: true });
      else if (found) byId.set(eventId, { claimed: false, existing: found });
      // Collided with a claim released between our two statements (rare): claim it alone.
      else byId.set(eventId, await this.claimOne(entry));
    }
    return entries.map((entry) => {
      const result = byId.get(entry.eventId) as ClaimResult;
      // A later duplicate in the same statement meets the earlier one, as it would in sequence.
      if (first.get(entry.eventId) === entry) return result;
      const winner = first.get(entry.eventId) as LedgerEntry;
      return result.claimed ? { claimed: false, existing: { ...winner } } : result;
    });
  }

  private async claimOne(entry: LedgerEntry): Promise<ClaimResult> {
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

  /** An upsert: whoever got Kafka's ack may record it, even if the claim changed hands meanwhile. */
  private async acceptMany(entries: LedgerEntry[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.table} AS ledger (${COLUMNS}) ${JSON_ROWS}
       ON CONFLICT (event_id) DO UPDATE SET status = 'accepted', accepted_at = EXCLUDED.accepted_at
       WHERE ledger.status = 'pending'`,
      // ON CONFLICT DO UPDATE may touch a row only once per statement: one entry per id.
      rowsOf([...firstOccurrences(entries).values()]),
    );
  }

  private async findMany(eventIds: string[]): Promise<Map<string, LedgerEntry>> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE event_id = ANY($1::text[])`,
      [eventIds],
    )) as LedgerRow[];
    return new Map(rows.map((row) => [row.event_id, entryOf(row)]));
  }
}

/**
 * The first entry of each event id, in event id order: concurrent statements then lock rows in
 * the same order and cannot deadlock each other.
 */
function firstOccurrences(entries: readonly LedgerEntry[]): Map<string, LedgerEntry> {
  const first = new Map<string, LedgerEntry>();
  for (const entry of entries) if (!first.has(entry.eventId)) first.set(entry.eventId, entry);
  return new Map([...first].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The JSON parameter of JSON_ROWS. */
function rowsOf(entries: readonly LedgerEntry[]): [string] {
  return [
    JSON.stringify(
      entries.map((e) => ({
        event_id: e.eventId,
        customer_id: e.customerId,
        type: e.type,
        body_hash: e.bodyHash,
        status: e.status,
        occurred_at: e.occurredAt.toISOString(),
        accepted_at: e.acceptedAt.toISOString(),
        topic: e.topic,
      })),
    ),
  ];
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
