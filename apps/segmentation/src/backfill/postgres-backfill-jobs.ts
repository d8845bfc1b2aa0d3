import type { BackfillJobKind } from '@cip/persistence';
import type { BackfillProgress } from '@cip/segmentation-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { backfillJobRow, type BackfillJobRow } from './backfill-job.view';

/** Notified (payload: the schema) when a job is queued, so idle instances need not poll often. */
export const BACKFILL_JOB_QUEUED_CHANNEL = 'segmentation_backfill_job_queued';

export interface NewBackfillJob {
  /** A segment id, `pack:<name>` or `quantiles`: one open job per scope. */
  scope: string;
  segmentId: string | null;
  version: number | null;
  kind: BackfillJobKind;
  createdBy: string;
}

/** A claimed job and the attempt number that fences its writes against a takeover. */
export interface ClaimedJob {
  job: BackfillJobRow;
  attempt: number;
}

/**
 * The backfill job table. Jobs are claimed with FOR UPDATE SKIP LOCKED and then held by a lease
 * renewed on every page (not by a transaction held for minutes); the attempt counter fences a
 * runner whose lease expired, so its late writes change nothing.
 */
export class PostgresBackfillJobs {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Enqueues in the caller's transaction (with the definition change that needs it). An open job
   * of the same scope is cancelled: the new one re-evaluates everyone against a newer catalog.
   */
  async enqueue(manager: EntityManager, job: NewBackfillJob): Promise<BackfillJobRow> {
    await manager.query(
      `UPDATE backfill_job
          SET status = 'cancelled', finished_at = now(), lease_until = NULL,
              error = 'superseded by a newer job of the same scope'
        WHERE scope = $1 AND status IN ('queued', 'running')`,
      [job.scope],
    );
    const rows = (await manager.query(
      `INSERT INTO backfill_job (scope, segment_id, version, kind, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [job.scope, job.segmentId, job.version, job.kind, job.createdBy],
    )) as Array<Record<string, unknown>>;
    // Delivered at commit, to every instance listening (BackfillPoller), in this schema only.
    await manager.query(`SELECT pg_notify($1, current_schema())`, [BACKFILL_JOB_QUEUED_CHANNEL]);
    return backfillJobRow(rows[0]!);
  }

  /**
   * Milliseconds until the next open job can be claimed (its settling time, a retry's wait or a
   * dead runner's lease ends), by the database clock; undefined when there is none.
   */
  async nextClaimableInMs(settleMs = 0): Promise<number | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM min(greatest(
                coalesce(lease_until, created_at),
                created_at + make_interval(secs => $1::double precision / 1000))) - now()) * 1000
              )::float8 AS wait_ms
         FROM backfill_job
        WHERE status IN ('queued', 'running')`,
      [settleMs],
    )) as Array<{ wait_ms: number | null }>;
    const waitMs = rows[0]?.wait_ms;
    return waitMs === null || waitMs === undefined ? undefined : Math.max(0, waitMs);
  }

  async find(id: string): Promise<BackfillJobRow | undefined> {
    const rows = (await this.dataSource.query(`SELECT * FROM backfill_job WHERE id = $1`, [
      id,
    ])) as Array<Record<string, unknown>>;
    return rows[0] ? backfillJobRow(rows[0]) : undefined;
  }

  /** The latest job of a scope (what an idempotent activation answers with). */
  async latestOf(manager: EntityManager, scope: string): Promise<BackfillJobRow | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM backfill_job WHERE scope = $1 ORDER BY created_at DESC LIMIT 1`,
      [scope],
    )) as Array<Record<string, unknown>>;
    return rows[0] ? backfillJobRow(rows[0]) : undefined;
  }

  /**
   * The oldest queued job, or a running one whose lease expired (its runner died). A job waits
   * `settleMs` after it was queued, so every instance has re-read the catalog before customers
   * are re-evaluated: a stale instance writing a customer after the backfill would undo it.
   */
  async claimNext(leaseMs: number, settleMs = 0): Promise<ClaimedJob | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `UPDATE backfill_job
            SET status = 'running', attempts = attempts + 1,
                started_at = coalesce(started_at, now()),
                lease_until = now() + make_interval(secs => $1::double precision / 1000)
          WHERE id = (
            SELECT id FROM backfill_job
             WHERE status IN ('queued', 'running')
               AND (lease_until IS NULL OR lease_until < now())
               AND created_at <= now() - make_interval(secs => $2::double precision / 1000)
             ORDER BY created_at
             LIMIT 1
             FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [leaseMs, settleMs],
      )) as [Array<Record<string, unknown>>, number];
      const raw = rows[0][0];
      if (!raw) return undefined;
      const job = backfillJobRow(raw);
      return { job, attempt: job.attempts };
    });
  }

  /** Records a page and renews the lease; false when the job was cancelled or taken over. */
  async recordPage(
    claimed: ClaimedJob,
    progress: BackfillProgress,
    leaseMs: number,
  ): Promise<boolean> {
    return this.update(
      claimed,
      `processed = $3, changes = $4, total = $5, cursor = $6,
       lease_until = now() + make_interval(secs => $7::double precision / 1000)`,
      [progress.processed, progress.changes, progress.total, progress.cursor, leaseMs],
    );
  }

  async finish(claimed: ClaimedJob, progress: BackfillProgress): Promise<boolean> {
    return this.update(
      claimed,
      `status = 'done', processed = $3, changes = $4, total = $5, cursor = $6,
       finished_at = now(), lease_until = NULL`,
      [progress.processed, progress.changes, progress.total, progress.cursor],
    );
  }

  /** Gives the job back for a later retry (lease until `retryInMs`), or fails it for good. */
  async release(
    claimed: ClaimedJob,
    error: string,
    retry: { retryInMs: number } | 'fail',
  ): Promise<boolean> {
    return retry === 'fail'
      ? this.update(
          claimed,
          `status = 'failed', error = $3, finished_at = now(), lease_until = NULL`,
          [error],
        )
      : this.update(
          claimed,
          `error = $3, lease_until = now() + make_interval(secs => $4::double precision / 1000)`,
          [error, retry.retryInMs],
        );
  }

  private async update(claimed: ClaimedJob, set: string, params: unknown[]): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE backfill_job SET ${set}
        WHERE id = $1 AND attempts = $2 AND status = 'running'`,
      [claimed.job.id, claimed.attempt, ...params],
    )) as [unknown[], number];
    return result[1] > 0;
  }
}
