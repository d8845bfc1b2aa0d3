import { lifecycleStageSchema } from '@cip/contracts';
import {
  LifecycleError,
  type CustomerStage,
  type LifecycleStageStore,
  type StageChange,
  type StageHistoryEntry,
  type StageRecord,
} from '@cip/lifecycle-domain';
import {
  claimEvent,
  CustomerLifecycleStageEntity,
  LifecycleStageTransitionEntity,
  ProcessedEventEntity,
  qualifiedTableName,
  returnedRows,
} from '@cip/persistence';
import type { DataSource } from 'typeorm';
import { PostgresAlertRecords } from '../infrastructure/postgres-alert.records';

interface StageRow {
  customer_id: string;
  stage: string;
  version: number;
  since: Date;
  membership_event_id: string;
}

interface HistoryRow {
  version: number;
  from_stage: string | null;
  to_stage: string;
  at: Date;
  membership_event_id: string;
  segment_id: string;
  reason: StageHistoryEntry['reason'];
  event_id: string;
}

/** Current stage per customer (version-checked), its history and the stage consumer's inbox. */
export class PostgresLifecycleStageStore implements LifecycleStageStore {
  private readonly inbox: PostgresAlertRecords;
  private readonly stages: string;
  private readonly transitions: string;
  private readonly recordAllSql: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {
    this.stages = qualifiedTableName(dataSource, CustomerLifecycleStageEntity);
    this.transitions = qualifiedTableName(dataSource, LifecycleStageTransitionEntity);
    this.inbox = new PostgresAlertRecords(dataSource, consumer);
    this.recordAllSql = recordAllSql(
      qualifiedTableName(dataSource, ProcessedEventEntity),
      this.stages,
      this.transitions,
    );
  }

  isProcessed(eventId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(ProcessedEventEntity)
      .exists({ where: { consumer: this.consumer, eventId } });
  }

  /** One indexed read for a whole batch (the inbox reader the alert consumers use). */
  processedAmong(eventIds: readonly string[]): Promise<ReadonlySet<string>> {
    return this.inbox.processedAmong(eventIds);
  }

  /** The current stages of a batch's customers in one read. */
  async currentOf(customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerStage>> {
    if (customerIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT customer_id, stage, version, since, membership_event_id
       FROM ${this.stages} WHERE customer_id = ANY($1::text[])`,
      [[...new Set(customerIds)]],
    )) as StageRow[];
    return new Map(
      rows.map((row) => [
        row.customer_id,
        {
          customerId: row.customer_id,
          stage: lifecycleStageSchema.parse(row.stage),
          version: row.version,
          since: new Date(row.since),
          membershipEventId: row.membership_event_id,
        },
      ]),
    );
  }

  async current(customerId: string): Promise<CustomerStage | null> {
    const row = await this.dataSource
      .getRepository(CustomerLifecycleStageEntity)
      .findOne({ where: { customerId } });
    if (row === null) return null;
    return {
      customerId: row.customerId,
      stage: lifecycleStageSchema.parse(row.stage),
      version: row.version,
      since: row.since,
      membershipEventId: row.membershipEventId,
    };
  }

  async record(eventId: string, change: StageChange | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // A duplicate claim means another delivery already applied it: nothing more to do.
      if (!(await claimEvent(manager, this.consumer, eventId))) return;
      if (change === null) return;
      const written = returnedRows<unknown>(
        await manager.query(
          change.version === 1
            ? `INSERT INTO ${this.stages} (customer_id, stage, version, since, membership_event_id)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (customer_id) DO NOTHING RETURNING 1`
            : `UPDATE ${this.stages}
               SET stage = $2, version = $3, since = $4, membership_event_id = $5, updated_at = now()
               WHERE customer_id = $1 AND version = $3 - 1 RETURNING 1`,
          [change.customerId, change.to, change.version, change.at, change.membershipEventId],
        ),
      );
      if (written.length === 0) {
        // Thrown inside the transaction: the inbox claim rolls back and the redelivery re-reads.
        throw new LifecycleError(
          'STAGE_VERSION_CONFLICT',
          `the stage of ${change.customerId} moved past version ${change.version - 1}`,
          { customerId: change.customerId, expectedVersion: change.version - 1 },
        );
      }
      await manager.query(
        `INSERT INTO ${this.transitions}
           (customer_id, version, from_stage, to_stage, at, membership_event_id, segment_id, reason, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
        [
          change.customerId,
          change.version,
          change.from,
          change.to,
          change.at,
          change.membershipEventId,
          change.segmentId,
          JSON.stringify(change.reason),
          change.event.eventId,
        ],
      );
    });
  }

  /**
   * A batch in one statement inside a transaction: the inbox claims, one stage write per
   * customer (its last change, version-checked against the one before its first) and every
   * history row. A short count means another writer got there first: STAGE_VERSION_CONFLICT
   * rolls it all back and the retry re-reads.
   */
  async recordAll(records: readonly StageRecord[]): Promise<void> {
    if (records.length === 0) return;
    const changes = records.flatMap((r) => (r.change ? [r.change] : []));
    const moves = customerMoves(changes);
    await this.dataSource.transaction(async (manager) => {
      const [counts] = (await manager.query(this.recordAllSql, [
        this.consumer,
        [...new Set(records.map((r) => r.eventId))],
        moves.map((m) => m.last.customerId),
        moves.map((m) => m.last.to),
        moves.map((m) => m.expectedVersion),
        moves.map((m) => m.last.version),
        moves.map((m) => m.last.at.toISOString()),
        moves.map((m) => m.last.membershipEventId),
        changes.map((c) => c.customerId),
        changes.map((c) => c.version),
        changes.map((c) => c.from),
        changes.map((c) => c.to),
        changes.map((c) => c.at.toISOString()),
        changes.map((c) => c.membershipEventId),
        changes.map((c) => c.segmentId),
        changes.map((c) => JSON.stringify(c.reason)),
        changes.map((c) => c.event.eventId),
      ])) as Array<{ moved: number; logged: number }>;
      if (counts?.moved !== moves.length || counts.logged !== changes.length) {
        const stale = moves.map((m) => ({
          customerId: m.last.customerId,
          expectedVersion: m.expectedVersion,
        }));
        // Thrown inside the transaction: the inbox claims roll back and the retry re-reads.
        throw new LifecycleError(
          'STAGE_VERSION_CONFLICT',
          'a customer of the batch moved past the version its changes expect',
          { customers: stale },
        );
      }
    });
  }

  async history(customerId: string): Promise<StageHistoryEntry[]> {
    const rows = (await this.dataSource.query(
      `SELECT version, from_stage, to_stage, at, membership_event_id, segment_id, reason, event_id
       FROM ${this.transitions} WHERE customer_id = $1 ORDER BY version`,
      [customerId],
    )) as HistoryRow[];
    return rows.map((row) => ({
      version: row.version,
      from: row.from_stage === null ? null : lifecycleStageSchema.parse(row.from_stage),
      to: lifecycleStageSchema.parse(row.to_stage),
      at: row.at,
      membershipEventId: row.membership_event_id,
      segmentId: row.segment_id,
      reason: row.reason,
      eventId: row.event_id,
    }));
  }
}

/** Per customer, in first-seen order: its last change and the version before its first. */
function customerMoves(
  changes: readonly StageChange[],
): Array<{ last: StageChange; expectedVersion: number }> {
  const moves = new Map<string, { last: StageChange; expectedVersion: number }>();
  for (const change of changes) {
    const move = moves.get(change.customerId);
    if (move) move.last = change;
    else moves.set(change.customerId, { last: change, expectedVersion: change.version - 1 });
  }
  return [...moves.values()];
}

/**
 * $1 consumer, $2 event ids; $3-$8 one stage move per customer; $9-$17 one history row per
 * change. Version 0 expected means no row yet (insert), otherwise a version-checked update.
 */
function recordAllSql(inbox: string, stages: string, transitions: string): string {
  return `WITH claimed AS (
      INSERT INTO ${inbox} (consumer, event_id)
      SELECT $1, id FROM unnest($2::text[]) AS t(id)
      ON CONFLICT DO NOTHING
    ), moves AS (
      SELECT * FROM unnest($3::text[], $4::text[], $5::int[], $6::int[], $7::timestamptz[],
                           $8::text[])
        AS m(customer_id, stage, expected, version, since, membership_event_id)
    ), inserted AS (
      INSERT INTO ${stages} (customer_id, stage, version, since, membership_event_id)
      SELECT customer_id, stage, version, since, membership_event_id FROM moves WHERE expected = 0
      ON CONFLICT (customer_id) DO NOTHING
      RETURNING 1
    ), updated AS (
      UPDATE ${stages} s
      SET stage = m.stage, version = m.version, since = m.since,
          membership_event_id = m.membership_event_id, updated_at = now()
      FROM moves m
      WHERE m.expected > 0 AND s.customer_id = m.customer_id AND s.version = m.expected
      RETURNING 1
    ), logged AS (
      INSERT INTO ${transitions}
        (customer_id, version, from_stage, to_stage, at, membership_event_id, segment_id, reason,
         event_id)
      SELECT h.customer_id, h.version, h.from_stage, h.to_stage, h.at, h.membership_event_id,
             h.segment_id, h.reason::jsonb, h.event_id
      FROM unnest($9::text[], $10::int[], $11::text[], $12::text[], $13::timestamptz[],
                  $14::text[], $15::text[], $16::text[], $17::text[])
        AS h(customer_id, version, from_stage, to_stage, at, membership_event_id, segment_id,
             reason, event_id)
      ON CONFLICT (customer_id, version) DO NOTHING
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM inserted) + (SELECT count(*) FROM updated))::int AS moved,
           (SELECT count(*) FROM logged)::int AS logged`;
}
