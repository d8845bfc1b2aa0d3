import {
  decodeSegmentStateHash,
  type MembershipChange,
  type SegmentCatalog,
} from '@cip/segmentation-domain';
import { poolQuery, processedEventIds } from '@cip/persistence';
import type { DataSource } from 'typeorm';
import type {
  JournalEntry,
  SegmentStateSnapshot,
  StoredSegmentState,
} from '../evaluate-segments/segment-state.ports';
import {
  mergeJournalEntries,
  type GroupWritableJournal,
  type InboxClaims,
  type JournalGroup,
} from './journal-group';

/**
 * The durable side, one transaction per processed batch (or group of concurrent batches, see
 * GroupCommitJournal) with multi-row statements (unnest, JSON documents), so Postgres costs a
 * handful of round trips per batch rather than several per event. Every write is idempotent:
 * inbox claims and history rows are unique, snapshots only move forward, and current memberships
 * move only with their customer's snapshot (`membershipParts`).
 * Unqualified table names: the connection's search_path is the service's schema. Every statement
 * goes to the pool directly (`poolQuery`), since each batch sends its documents through here.
 */
export class PostgresSegmentationJournal implements GroupWritableJournal {
  constructor(private readonly dataSource: DataSource) {}

  processed(consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
    return processedEventIds(this.dataSource, consumer, eventIds);
  }

  async loadSnapshots(
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState>> {
    const found = new Map<string, StoredSegmentState>();
    if (customerIds.length === 0) return found;
    const rows = await poolQuery<{
      customer_id: string;
      state: Record<string, string>;
      seq: string;
    }>(
      this.dataSource,
      `SELECT customer_id, state, seq FROM segment_customer_state WHERE customer_id = ANY($1::text[])`,
      [customerIds],
    );
    for (const row of rows) {
      found.set(row.customer_id, {
        seq: Number(row.seq),
        state: decodeSegmentStateHash(row.state, row.customer_id, catalog),
      });
    }
    return found;
  }

  async record(entry: JournalEntry): Promise<void> {
    await this.recordGroup(mergeJournalEntries([entry]));
  }

  /**
   * The whole group in one statement (data-modifying CTEs): atomic without BEGIN/COMMIT, and
   * one round trip instead of seven. Each round trip waited for the service's event loop, which
   * is busy evaluating other batches, so a multi-statement transaction took several times its
   * Postgres time, and every batch waits for its journal before its offsets move.
   * The parts touch different tables, and exits and entries different rows (the last change per
   * customer and segment decides), so no part needs to see another's effect; the membership
   * parts read only what the snapshots part returns (the snapshots it accepted).
   */
  async recordGroup(group: JournalGroup): Promise<void> {
    const statement = journalStatement(group);
    if (statement !== undefined) await poolQuery(this.dataSource, statement.sql, statement.params);
  }
}

/** One part of the journal statement: a data-modifying CTE over its own parameters. */
interface StatementPart {
  name: string;
  /** `$n` placeholders numbered from 1; renumbered when the parts are joined. */
  sql: string;
  params: unknown[];
}

function journalStatement(group: JournalGroup): { sql: string; params: unknown[] } | undefined {
  const parts = [
    inboxPart(group.claims),
    snapshotsPart(group.states),
    ...membershipParts(group.changes, group.states),
    historyPart(group.changes),
  ].filter((part): part is StatementPart => part !== undefined);
  if (parts.length === 0) return undefined;
  const params: unknown[] = [];
  const ctes = parts.map((part) => {
    const offset = params.length;
    params.push(...part.params);
    const sql = part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return `${part.name} AS (${sql})`;
  });
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT 1`, params };
}

function inboxPart(claims: readonly InboxClaims[]): StatementPart | undefined {
  const consumers = claims.flatMap(({ consumer, eventIds }) => eventIds.map(() => consumer));
  if (consumers.length === 0) return undefined;
  return {
    name: 'inbox',
    sql: `INSERT INTO processed_event (consumer, event_id)
          SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    params: [consumers, claims.flatMap((c) => c.eventIds)],
  };
}

function snapshotsPart(states: readonly SegmentStateSnapshot[]): StatementPart | undefined {
  // One row per customer in one lock order for every writer (batches, timers, backfills):
  // mergeJournalEntries keeps the latest per customer, sorted, so no deadlock between them.
  if (states.length === 0) return undefined;
  // One JSON document rather than five arrays: array literals escape every character of the
  // ~2 KB state text on the client, a JSON parameter is serialised once and parsed by Postgres.
  return {
    name: 'snapshots',
    sql: `INSERT INTO segment_customer_state (customer_id, state, seq, next_due_at, merged_into)
          SELECT customer_id, state, seq,
                 timestamptz 'epoch' + next_due_ms * interval '1 millisecond', merged_into
            FROM jsonb_to_recordset($1::jsonb)
              AS r(customer_id text, state jsonb, seq bigint, next_due_ms bigint,
                   merged_into text)
          ON CONFLICT (customer_id) DO UPDATE
            SET state = excluded.state, seq = excluded.seq, next_due_at = excluded.next_due_at,
                merged_into = excluded.merged_into, updated_at = now()
            WHERE segment_customer_state.seq < excluded.seq
          RETURNING customer_id`,
    params: [
      JSON.stringify(
        states.map((r) => ({
          customer_id: r.customerId,
          // Pending changes are what this very statement records: the snapshot holds none.
          state: r.hash,
          seq: r.seq,
          // Epoch milliseconds: a Date's toJSON took JSON.stringify off its fast path, a
          // third of this serialisation.
          next_due_ms: r.nextDueMs,
          merged_into: r.mergedInto ?? null,
        })),
      ),
    ],
  };
}

/**
 * Current membership rows: the last change per (customer, segment) of the group decides. A
 * customer whose snapshot this group writes has its rows changed only if that snapshot is
 * accepted (newer than the stored one). A rejected one is a late journal of an older state:
 * after a rebalance, the partition's new owner can write and journal a newer state, carrying the
 * same pending changes and later ones, before the old owner's journal lands; applied, the older
 * changes would rewrite the current rows backwards (an exit undone by its own entry).
 */
function membershipParts(
  changes: readonly MembershipChange[],
  states: readonly SegmentStateSnapshot[],
): StatementPart[] {
  const last = new Map<string, MembershipChange>();
  for (const change of changes) last.set(`${change.customerId}\u0000${change.segmentId}`, change);
  const ordered = [...last.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
  const entered = ordered.filter((c) => c.change === 'entered');
  const exited = ordered.filter((c) => c.change === 'exited');
  // `snapshots` (snapshotsPart) returns the customers whose snapshot it wrote.
  const snapshotted = states.map((state) => state.customerId);
  // Not a customer whose snapshot was rejected: one hashed set per statement, not an array
  // search per row.
  const accepted = (column: string, param: number) =>
    snapshotted.length === 0
      ? 'TRUE'
      : `${column} NOT IN (SELECT unnest($${param}::text[])
                           EXCEPT SELECT customer_id FROM snapshots)`;
  const guard = snapshotted.length === 0 ? [] : [snapshotted];
  const parts: StatementPart[] = [];
  if (exited.length > 0) {
    parts.push({
      name: 'exits',
      sql: `DELETE FROM segment_membership m
            USING unnest($1::text[], $2::text[]) AS gone(customer_id, segment_id)
            WHERE m.customer_id = gone.customer_id AND m.segment_id = gone.segment_id
              AND ${accepted('gone.customer_id', 3)}`,
      params: [exited.map((c) => c.customerId), exited.map((c) => c.segmentId), ...guard],
    });
  }
  // Rows as one JSON document (as snapshots): the reasons go out in one native JSON.stringify
  // instead of one per row plus the client's array-literal escaping of every quote in them.
  if (entered.length > 0) {
    parts.push({
      name: 'entries',
      sql: `INSERT INTO segment_membership
              (customer_id, segment_id, definition_version, entered_at, reason)
            SELECT customer_id, segment_id, definition_version, entered_at, reason
              FROM json_to_recordset($1::json)
                AS e(customer_id text, segment_id text, definition_version int,
                     entered_at timestamptz, reason jsonb)
            WHERE ${accepted('e.customer_id', 2)}
            ON CONFLICT (customer_id, segment_id) DO UPDATE
              SET definition_version = excluded.definition_version,
                  entered_at = excluded.entered_at, reason = excluded.reason`,
      params: [
        JSON.stringify(
          entered.map((c) => ({
            customer_id: c.customerId,
            segment_id: c.segmentId,
            definition_version: c.definitionVersion,
            entered_at: c.at,
            reason: c.reason,
          })),
        ),
        ...guard,
      ],
    });
  }
  return parts;
}

function historyPart(changes: readonly MembershipChange[]): StatementPart | undefined {
  if (changes.length === 0) return undefined;
  return {
    name: 'history',
    sql: `INSERT INTO segment_membership_history
            (customer_id, segment_id, definition_version, change, changed_at,
             triggering_event_id, event_id, reason)
          SELECT customer_id, segment_id, definition_version, change, changed_at,
                 triggering_event_id, event_id, reason
            FROM json_to_recordset($1::json)
              AS h(customer_id text, segment_id text, definition_version int, change text,
                   changed_at timestamptz, triggering_event_id text, event_id text, reason jsonb)
          ON CONFLICT (event_id) DO NOTHING`,
    params: [
      JSON.stringify(
        changes.map((c) => ({
          customer_id: c.customerId,
          segment_id: c.segmentId,
          definition_version: c.definitionVersion,
          change: c.change,
          changed_at: c.at,
          triggering_event_id: c.triggeringEventId,
          event_id: c.eventId,
          reason: c.reason,
        })),
      ),
    ],
  };
}
