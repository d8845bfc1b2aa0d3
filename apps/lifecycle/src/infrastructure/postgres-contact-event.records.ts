import {
  AbsenceTimerEntity,
  AlertEntity,
  ProcessedEventEntity,
  qualifiedTableName,
  TriggerEventHitEntity,
} from '@cip/persistence';
import {
  contactEventChanges,
  type ContactEventChanges,
  type ContactEventEvaluation,
  type ContactEventRecorder,
  type EventCountLookup,
  type EventCountWindow,
  type RecordedContactEvent,
  type StoredEventCountHit,
} from '@cip/lifecycle-domain';
import type { DataSource } from 'typeorm';
import { alertInsertParams, alertInsertSql, alertRecordsOf } from './postgres-alert.records';

const iso = (d: Date) => d.toISOString();

/**
 * Everything a batch of contact events changes, committed with their inbox rows in one set-based
 * statement (unnest): alerts, event-count hits (older hits of the same pair pruned), absence
 * timers cancelled and armed. The net effect is the domain's (contactEventChanges): the state
 * recording each event in order would leave.
 */
export class PostgresContactEventRecords implements ContactEventRecorder, EventCountLookup {
  private readonly hits: string;
  private readonly recordSql: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {
    this.hits = qualifiedTableName(dataSource, TriggerEventHitEntity);
    this.recordSql = recordSql({
      inbox: qualifiedTableName(dataSource, ProcessedEventEntity),
      alerts: qualifiedTableName(dataSource, AlertEntity),
      hits: this.hits,
      timers: qualifiedTableName(dataSource, AbsenceTimerEntity),
    });
  }

  async priorHits(windows: readonly EventCountWindow[]): Promise<StoredEventCountHit[]> {
    // One window per pair: the earliest `from` of the batch covers the others.
    const pairs = new Map<string, EventCountWindow>();
    for (const w of windows) {
      const key = JSON.stringify([w.customerId, w.triggerId]);
      const known = pairs.get(key);
      if (!known || w.from < known.from) pairs.set(key, w);
    }
    if (pairs.size === 0) return [];
    const list = [...pairs.values()];
    // Per pair through the window index (see PER_KEY_PROBES in recordSql).
    const rows = (await this.dataSource.query(
      `SELECT w.customer_id, w.trigger_id, h.event_id, h.occurred_at
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS w(customer_id, trigger_id, from_at)
       CROSS JOIN LATERAL (
         SELECT x.event_id, x.occurred_at FROM ${this.hits} x
         WHERE x.customer_id = w.customer_id AND x.trigger_id = w.trigger_id
           AND x.occurred_at > w.from_at
         OFFSET 0
       ) h`,
      [list.map((w) => w.customerId), list.map((w) => w.triggerId), list.map((w) => iso(w.from))],
    )) as Array<{ customer_id: string; trigger_id: string; event_id: string; occurred_at: Date }>;
    return rows.map((row) => ({
      customerId: row.customer_id,
      triggerId: row.trigger_id,
      eventId: row.event_id,
      occurredAt: new Date(row.occurred_at),
    }));
  }

  async record(eventId: string, evaluation: ContactEventEvaluation): Promise<void> {
    await this.recordAll([{ eventId, evaluation }]);
  }

  /**
   * One statement (data-modifying CTEs), so one round trip and atomic without BEGIN/COMMIT. Its
   * parts share one snapshot and never see each other's rows, which is the order the net changes
   * ask for: prunes and cancellations touch only what was stored before the batch, the armOnce
   * check sees only earlier timers.
   */
  async recordAll(entries: readonly RecordedContactEvent[]): Promise<void> {
    if (entries.length === 0) return;
    const changes = contactEventChanges(entries);
    await this.dataSource.query(this.recordSql, [
      this.consumer,
      changes.eventIds,
      ...alertInsertParams(alertRecordsOf(changes.fired)),
      ...hitParams(changes),
      ...cancelParams(changes.cancels),
      ...armParams(changes.arms),
    ]);
  }
}

function hitParams({ prunes, hits }: ContactEventChanges): unknown[] {
  return [
    prunes.map((p) => p.customerId),
    prunes.map((p) => p.triggerId),
    prunes.map((p) => iso(p.before)),
    hits.map((h) => h.customerId),
    hits.map((h) => h.triggerId),
    hits.map((h) => h.eventId),
    hits.map((h) => iso(h.occurredAt)),
  ];
}

function cancelParams(cancels: ContactEventChanges['cancels']): unknown[] {
  return [
    cancels.map((c) => c.customerId),
    cancels.map((c) => c.triggerId),
    cancels.map((c) => c.correlationKey),
    cancels.map((c) => c.resolvedByEventId),
    cancels.map((c) => iso(c.resolvedAt)),
  ];
}

function armParams(arms: ContactEventChanges['arms']): unknown[] {
  return [
    arms.map((a) => a.timerId),
    arms.map((a) => a.customerId),
    arms.map((a) => a.triggerId),
    arms.map((a) => a.correlationKey),
    arms.map((a) => a.armedByEventId),
    arms.map((a) => a.armedByEventType),
    arms.map((a) => a.correlationId),
    arms.map((a) => iso(a.armedAt)),
    arms.map((a) => iso(a.dueAt)),
    arms.map((a) => a.armOnce),
    arms.map((a) => a.cancelledBy?.eventId ?? null),
  ];
}

/**
 * $1 consumer, $2 event ids, $3–$13 alerts, $14–$16 prunes, $17–$20 hits, $21–$25 cancels,
 * $26–$36 arms (see the *Params functions). A timer answered by several events of the batch is
 * settled by the first of them; the batch's own arms carry their in-batch cancellation.
 *
 * PER_KEY_PROBES: every read of existing rows is a LATERAL subquery per batch key fenced with
 * OFFSET 0 (which also keeps NOT EXISTS from becoming a hashed subplan), and deletes go by the
 * ctids it found. Without statistics (a young table, autovacuum behind) the planner otherwise
 * joins the batch to the whole table with a hash join over a sequential scan, per batch: seen
 * at 2,000 events/s costing tens of ms a statement and most of Postgres's CPU.
 */
function recordSql(tables: {
  inbox: string;
  alerts: string;
  hits: string;
  timers: string;
}): string {
  const { inbox, alerts, hits, timers } = tables;
  return `WITH claimed AS (
      INSERT INTO ${inbox} (consumer, event_id)
      SELECT $1, id FROM unnest($2::text[]) AS t(id)
      ON CONFLICT DO NOTHING
    ), alerts AS (
      ${alertInsertSql(alerts, 3)}
    ), pruned AS (
      DELETE FROM ${hits} h
      WHERE h.ctid = ANY (ARRAY(
        SELECT x.ctid
        FROM unnest($14::text[], $15::text[], $16::timestamptz[]) AS p(customer_id, trigger_id, before)
        CROSS JOIN LATERAL (
          SELECT y.ctid FROM ${hits} y
          WHERE y.customer_id = p.customer_id AND y.trigger_id = p.trigger_id
            AND y.occurred_at <= p.before
          OFFSET 0
        ) x
      ))
    ), hits AS (
      INSERT INTO ${hits} (customer_id, trigger_id, event_id, occurred_at)
      SELECT * FROM unnest($17::text[], $18::text[], $19::text[], $20::timestamptz[])
      ON CONFLICT DO NOTHING
    ), cancelled AS (
      UPDATE ${timers} t
      SET status = 'cancelled', settled_at = now(), settled_by = m.resolved_by
      FROM (
        SELECT DISTINCT ON (x.timer_id) x.timer_id, c.resolved_by
        FROM unnest($21::text[], $22::text[], $23::text[], $24::text[], $25::timestamptz[])
          WITH ORDINALITY AS c(customer_id, trigger_id, correlation_key, resolved_by, resolved_at, ord)
        CROSS JOIN LATERAL (
          SELECT y.timer_id FROM ${timers} y
          WHERE y.customer_id = c.customer_id AND y.trigger_id = c.trigger_id
            AND y.correlation_key = c.correlation_key AND y.status = 'armed'
            AND y.armed_by_event_id <> c.resolved_by
            AND y.armed_at <= c.resolved_at AND y.due_at > c.resolved_at
          OFFSET 0
        ) x
        ORDER BY x.timer_id, c.ord
      ) m
      WHERE t.timer_id = m.timer_id AND t.status = 'armed'
    ), armed AS (
      -- armOnce: only the customer's first 'after' event of the trigger arms.
      INSERT INTO ${timers}
        (timer_id, customer_id, trigger_id, correlation_key, armed_by_event_id,
         armed_by_event_type, correlation_id, armed_at, due_at, status, settled_at, settled_by)
      SELECT a.timer_id, a.customer_id, a.trigger_id, a.correlation_key, a.armed_by_event_id,
             a.armed_by_event_type, a.correlation_id, a.armed_at, a.due_at,
             CASE WHEN a.cancelled_by IS NULL THEN 'armed' ELSE 'cancelled' END,
             CASE WHEN a.cancelled_by IS NULL THEN NULL ELSE now() END,
             a.cancelled_by
      FROM unnest($26::text[], $27::text[], $28::text[], $29::text[], $30::text[], $31::text[],
                  $32::text[], $33::timestamptz[], $34::timestamptz[], $35::boolean[], $36::text[])
        AS a(timer_id, customer_id, trigger_id, correlation_key, armed_by_event_id,
             armed_by_event_type, correlation_id, armed_at, due_at, arm_once, cancelled_by)
      WHERE NOT a.arm_once OR NOT EXISTS (
        SELECT 1 FROM ${timers} x
        WHERE x.customer_id = a.customer_id AND x.trigger_id = a.trigger_id
        OFFSET 0)
      ON CONFLICT (timer_id) DO NOTHING
    )
    SELECT 1`;
}
