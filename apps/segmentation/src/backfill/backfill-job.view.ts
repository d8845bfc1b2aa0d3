import type { BackfillJobKind, BackfillJobStatus } from '@cip/persistence';
import { fractionDone } from '@cip/segmentation-domain';

/** A backfill job as stored (the columns the runner and the API read). */
export interface BackfillJobRow {
  id: string;
  scope: string;
  segmentId: string | null;
  version: number | null;
  kind: BackfillJobKind;
  status: BackfillJobStatus;
  total: number | null;
  processed: number;
  changes: number;
  cursor: string | null;
  attempts: number;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

export interface BackfillJobView {
  id: string;
  /** A segment id, `pack:<name>` or `quantiles`. */
  scope: string;
  segmentId: string | null;
  version: number | null;
  kind: BackfillJobKind;
  status: BackfillJobStatus;
  total: number | null;
  processed: number;
  changes: number;
  /** 0..1; null while the population is unknown. */
  progress: number | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export function backfillJobView(row: BackfillJobRow): BackfillJobView {
  return {
    id: row.id,
    scope: row.scope,
    segmentId: row.segmentId,
    version: row.version,
    kind: row.kind,
    status: row.status,
    total: row.total,
    processed: row.processed,
    changes: row.changes,
    progress: fractionDone(row, row.status === 'done'),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
  };
}

/** Maps a `SELECT *` row of backfill_job. */
export function backfillJobRow(raw: Record<string, unknown>): BackfillJobRow {
  return {
    id: raw['id'] as string,
    scope: raw['scope'] as string,
    segmentId: (raw['segment_id'] as string | null) ?? null,
    version: (raw['version'] as number | null) ?? null,
    kind: raw['kind'] as BackfillJobKind,
    status: raw['status'] as BackfillJobStatus,
    total: (raw['total'] as number | null) ?? null,
    processed: raw['processed'] as number,
    changes: raw['changes'] as number,
    cursor: (raw['cursor'] as string | null) ?? null,
    attempts: raw['attempts'] as number,
    createdBy: raw['created_by'] as string,
    createdAt: raw['created_at'] as Date,
    startedAt: (raw['started_at'] as Date | null) ?? null,
    finishedAt: (raw['finished_at'] as Date | null) ?? null,
    error: (raw['error'] as string | null) ?? null,
  };
}
