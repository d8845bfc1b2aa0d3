import {
  decodeSegmentStateHash,
  type CustomerSegmentState,
  type SegmentCatalog,
} from '@cip/segmentation-domain';
import type { DataSource } from 'typeorm';
import type { RedisSegmentStateStore } from '../infrastructure/redis-segment-state.store';

export interface RebuildReport {
  /** Snapshots read from Postgres. */
  read: number;
  /** Customers written to the hot store (it had lost them). */
  restored: number;
  /** Customers the hot store still held (left alone: they are at least as new). */
  kept: number;
}

/**
 * Restores the hot store from the durable snapshots: every customer's state hash, its bit in
 * every active segment's bitmap and its timer. A snapshot's timer may be stale (re-evaluations
 * do not rewrite unchanged snapshots), so a restored timer is due now at the latest: the poller
 * then re-evaluates the customer under the current catalog and arms the exact instant. Customers still present are not touched, so it is
 * safe to run while the service runs (a concurrent write simply wins the compare-and-set).
 */
export async function rebuildHotState(
  deps: { dataSource: DataSource; store: RedisSegmentStateStore; catalog: SegmentCatalog },
  options: {
    pageSize?: number;
    onPage?: (report: RebuildReport) => void;
    clock?: () => number;
  } = {},
): Promise<RebuildReport> {
  const pageSize = options.pageSize ?? 1_000;
  const report: RebuildReport = { read: 0, restored: 0, kept: 0 };
  let after = '';
  for (;;) {
    const rows = (await deps.dataSource.query(
      `SELECT customer_id, state, seq FROM segment_customer_state
        WHERE customer_id > $1 ORDER BY customer_id LIMIT $2`,
      [after, pageSize],
    )) as Array<{ customer_id: string; state: Record<string, string>; seq: string }>;
    if (rows.length === 0) return report;
    const nowMs = (options.clock ?? Date.now)();
    const seqs = await deps.store.writeMany(
      rows.map((row) => ({
        state: dueNowAtLatest(
          decodeSegmentStateHash(row.state, row.customer_id, deps.catalog),
          nowMs,
        ),
        expectedSeq: undefined,
        // The restored hash carries the snapshot's own sequence.
        baseSeq: Number(row.seq) - 1,
      })),
      deps.catalog,
      { rebuild: true },
    );
    report.read += rows.length;
    for (const seq of seqs)
      if (seq === null) report.kept++;
      else report.restored++;
    after = rows[rows.length - 1]!.customer_id;
    options.onPage?.(report);
  }
}

function dueNowAtLatest(state: CustomerSegmentState, nowMs: number): CustomerSegmentState {
  if (state.mergedInto !== undefined) return state;
  return { ...state, nextDueMs: Math.min(state.nextDueMs ?? nowMs, nowMs) };
}
