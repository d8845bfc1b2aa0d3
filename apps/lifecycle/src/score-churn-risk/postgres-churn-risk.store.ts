import type { ContactEvent } from '@cip/contracts';
import type { ChurnRiskBand, ReasonCode } from '@cip/churn-model';
import {
  churnRiskChanges,
  LifecycleError,
  type ChurnRiskChange,
  type ChurnRiskStore,
  type ChurnScore,
  type CustomerChurnChanges,
} from '@cip/lifecycle-domain';
import {
  AlertEntity,
  ChurnEventHistoryEntity,
  ChurnScoreEntity,
  processedEventIds,
  ProcessedEventEntity,
  qualifiedTableName,
} from '@cip/persistence';
import type { DataSource } from 'typeorm';
import {
  alertInsertParams,
  alertInsertSql,
  alertRecordsOf,
} from '../infrastructure/postgres-alert.records';

interface ScoreRow {
  customer_id: string;
  probability: number;
  band: ChurnRiskBand;
  model_version: string;
  reasons: ReasonCode[];
  as_of: Date;
  event_id: string;
}

/**
 * churn_event_history, churn_score, the alert table and the inbox of lifecycle's schema. A batch
 * reads with one query per table and writes with one set-based statement.
 */
export class PostgresChurnRiskStore implements ChurnRiskStore {
  private readonly history: string;
  private readonly scores: string;
  private readonly inbox: string;
  private readonly recordSql: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {
    this.history = qualifiedTableName(dataSource, ChurnEventHistoryEntity);
    this.scores = qualifiedTableName(dataSource, ChurnScoreEntity);
    this.inbox = qualifiedTableName(dataSource, ProcessedEventEntity);
    this.recordSql = recordSql({
      inbox: this.inbox,
      history: this.history,
      scores: this.scores,
      alerts: qualifiedTableName(dataSource, AlertEntity),
    });
  }

  async isProcessed(eventId: string): Promise<boolean> {
    return (await this.processedAmong([eventId])).has(eventId);
  }

  processedAmong(eventIds: readonly string[]): Promise<ReadonlySet<string>> {
    return processedEventIds(this.dataSource, this.consumer, eventIds);
  }

  async historyOf(customerId: string): Promise<ContactEvent[]> {
    return (await this.historiesOf([customerId])).get(customerId) ?? [];
  }

  async historiesOf(customerIds: readonly string[]): Promise<ReadonlyMap<string, ContactEvent[]>> {
    const histories = new Map<string, ContactEvent[]>();
    if (customerIds.length === 0) return histories;
    // Per customer through the (customer_id, occurred_at) index, whatever the statistics say
    // (see PER_KEY_PROBES in postgres-contact-event.records.ts).
    const rows = (await this.dataSource.query(
      `SELECT c.customer_id, h.event
       FROM unnest($1::text[]) AS c(customer_id)
       CROSS JOIN LATERAL (
         SELECT x.event, x.occurred_at, x.event_id FROM ${this.history} x
         WHERE x.customer_id = c.customer_id
         OFFSET 0
       ) h
       ORDER BY c.customer_id, h.occurred_at, h.event_id`,
      [[...new Set(customerIds)]],
    )) as Array<{ customer_id: string; event: ContactEvent }>;
    // Stored only after the contract validated them; re-parsing hundreds per event buys nothing.
    for (const row of rows) {
      const events = histories.get(row.customer_id) ?? [];
      events.push(row.event);
      histories.set(row.customer_id, events);
    }
    return histories;
  }

  async latestScore(customerId: string): Promise<ChurnScore | undefined> {
    return (await this.latestScores([customerId])).get(customerId);
  }

  async latestScores(customerIds: readonly string[]): Promise<ReadonlyMap<string, ChurnScore>> {
    if (customerIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT * FROM ${this.scores} WHERE customer_id = ANY($1::text[])`,
      [[...new Set(customerIds)]],
    )) as ScoreRow[];
    return new Map(rows.map((row) => [row.customer_id, toScore(row)]));
  }

  async record(change: ChurnRiskChange): Promise<void> {
    await this.recordAll([change]);
  }

  /**
   * One set-based statement (data-modifying CTEs share one snapshot: the prune touches only the
   * events stored before the batch) inside a transaction, so a claim lost to another instance
   * rolls everything back.
   */
  async recordAll(changes: readonly ChurnRiskChange[]): Promise<void> {
    if (changes.length === 0) return;
    const net = churnRiskChanges(changes);
    const expected = new Set(net.eventIds).size;
    await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(this.recordSql, [
        this.consumer,
        net.eventIds,
        ...historyParams(net.customers),
        ...scoreParams(net.customers),
        ...alertInsertParams(alertRecordsOf(net.fired)),
      ])) as Array<{ claimed: number }>;
      if ((row?.claimed ?? 0) < expected) {
        // Evaluated against a state another instance has changed since: roll back and retry.
        throw new LifecycleError(
          'CHURN_RISK_CONCURRENTLY_RECORDED',
          'an event of the batch was recorded concurrently',
          { claimed: row?.claimed ?? 0, expected },
        );
      }
    });
  }
}

function historyParams(customers: readonly CustomerChurnChanges[]): unknown[] {
  const kept = customers.flatMap((c) => c.kept);
  return [
    customers.map((c) => c.customerId),
    customers.map((c) => c.pruneBefore.toISOString()),
    kept.map((e) => e.customerId),
    kept.map((e) => e.eventId),
    kept.map((e) => e.occurredAt),
    kept.map((e) => JSON.stringify(e)),
  ];
}

function scoreParams(customers: readonly CustomerChurnChanges[]): unknown[] {
  const scores = customers.flatMap((c) => (c.score ? [c.score] : []));
  return [
    scores.map((s) => s.customerId),
    scores.map((s) => s.probability),
    scores.map((s) => s.band),
    scores.map((s) => s.modelVersion),
    scores.map((s) => JSON.stringify(s.reasons)),
    scores.map((s) => s.asOf.toISOString()),
    scores.map((s) => s.eventId),
  ];
}

/**
 * $1 consumer, $2 event ids, $3–$4 prunes, $5–$8 kept events, $9–$15 scores, $16–$26 alerts.
 * Scores are versioned by history time: a late, older event never replaces a newer score. The
 * prune probes per customer (PER_KEY_PROBES in postgres-contact-event.records.ts).
 */
function recordSql(tables: {
  inbox: string;
  history: string;
  scores: string;
  alerts: string;
}): string {
  const { inbox, history, scores, alerts } = tables;
  return `WITH claimed AS (
      INSERT INTO ${inbox} (consumer, event_id)
      SELECT $1, id FROM unnest($2::text[]) AS t(id)
      ON CONFLICT DO NOTHING
      RETURNING event_id
    ), pruned AS (
      DELETE FROM ${history} h
      WHERE h.ctid = ANY (ARRAY(
        SELECT x.ctid FROM unnest($3::text[], $4::timestamptz[]) AS p(customer_id, before)
        CROSS JOIN LATERAL (
          SELECT y.ctid FROM ${history} y
          WHERE y.customer_id = p.customer_id AND y.occurred_at < p.before
          OFFSET 0
        ) x
      ))
    ), kept AS (
      INSERT INTO ${history} (customer_id, event_id, occurred_at, event)
      SELECT customer_id, event_id, occurred_at, event::jsonb
      FROM unnest($5::text[], $6::text[], $7::timestamptz[], $8::text[])
        AS e(customer_id, event_id, occurred_at, event)
      ON CONFLICT DO NOTHING
    ), scored AS (
      INSERT INTO ${scores} AS s
        (customer_id, probability, band, model_version, reasons, as_of, event_id, updated_at)
      SELECT customer_id, probability, band, model_version, reasons::jsonb, as_of, event_id, now()
      FROM unnest($9::text[], $10::float8[], $11::text[], $12::text[], $13::text[],
                  $14::timestamptz[], $15::text[])
        AS n(customer_id, probability, band, model_version, reasons, as_of, event_id)
      ON CONFLICT (customer_id) DO UPDATE SET
        probability = EXCLUDED.probability, band = EXCLUDED.band,
        model_version = EXCLUDED.model_version, reasons = EXCLUDED.reasons,
        as_of = EXCLUDED.as_of, event_id = EXCLUDED.event_id, updated_at = now()
      WHERE s.as_of <= EXCLUDED.as_of
    ), alerts AS (
      ${alertInsertSql(alerts, 16)}
    )
    SELECT count(*)::int AS claimed FROM claimed`;
}

function toScore(row: ScoreRow): ChurnScore {
  return {
    customerId: row.customer_id,
    probability: row.probability,
    band: row.band,
    modelVersion: row.model_version,
    reasons: row.reasons,
    asOf: row.as_of,
    eventId: row.event_id,
  };
}
