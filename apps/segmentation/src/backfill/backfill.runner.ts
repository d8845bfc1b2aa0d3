import {
  advance,
  fieldsForSegmentChange,
  resumeCursor,
  SCAN_START,
  segmentChangeAffects,
  selectionForSegmentChange,
  type BackfillPage,
  type BackfillProgress,
  type SegmentCatalog,
} from '@cip/segmentation-domain';
import type { Logger } from '@cip/telemetry';
import type {
  SegmentCatalogProvider,
  SegmentStateStore,
} from '../evaluate-segments/segment-state.ports';
import type { CustomerReevaluator } from './customer-reevaluator.port';
import type { ClaimedJob, PostgresBackfillJobs } from './postgres-backfill-jobs';

export interface BackfillRunnerDeps {
  jobs: PostgresBackfillJobs;
  store: Pick<SegmentStateStore, 'scanCustomerIds' | 'loadFields'>;
  catalogs: SegmentCatalogProvider;
  reevaluator: CustomerReevaluator;
  /** Customers in the durable store: the progress denominator before the scan completes. */
  population: () => Promise<number>;
  logger: Logger;
  pageSize: number;
  /**
   * Customers scanned per page of a job for one segment (default `pageSize`): the screen reads a
   * few fields of each, so pages can be much larger, and a page's round trips, which queue behind
   * the event batches of a busy instance, are paid far less often.
   */
  screenPageSize?: number;
  /**
   * Pages worked on at once (default 2; the service sets 3): scanned and screened ahead of the
   * one being recorded.
   */
  pagesInFlight?: number;
  leaseMs: number;
  maxAttempts: number;
  /** How long a new job waits for every instance to see the new catalog (2 refresh periods). */
  settleMs?: number;
  /**
   * Progress (and the lease) is written at most this often: a SCAN with MATCH returns few or no
   * ids per page on a shared keyspace, and one UPDATE per page would then dominate the job.
   */
  progressEveryMs?: number;
  nowMs?: () => number;
  /** The service clock evaluations run at (the re-evaluator's); defaults to the system clock. */
  evaluationClock?: () => number;
}

/** Customers read and screened per store call within a screened page. */
const SCREEN_CHUNK = 5_000;

export type RunOutcome = 'idle' | 'done' | 'stopped' | 'lost' | 'retry' | 'failed';

/**
 * Runs backfill jobs: every customer of the hot store, page by page (SCAN), re-evaluated
 * against the current catalog, with progress and the scan cursor saved after each page so a
 * restarted instance continues where the last one stopped. The trigger id is the job's, so a
 * page replayed after a crash produces the same change ids (recorded once). A job for one
 * segment first screens each page on that segment alone (`segmentChangeAffects`), so only the
 * customers it flips, moves to a new version or must wake earlier pay for the full pipeline.
 */
export class BackfillRunner {
  private stopping = false;

  constructor(private readonly deps: BackfillRunnerDeps) {}

  stop(): void {
    this.stopping = true;
  }

  /** Milliseconds until an open job can be claimed; undefined when there is none. */
  nextClaimableInMs(): Promise<number | undefined> {
    return this.deps.jobs.nextClaimableInMs(this.deps.settleMs ?? 0);
  }

  /** Claims one job and runs it to the end (or until stopped); 'idle' when none is waiting. */
  async runNext(): Promise<RunOutcome> {
    const claimed = await this.deps.jobs.claimNext(this.deps.leaseMs, this.deps.settleMs ?? 0);
    if (!claimed) return 'idle';
    try {
      return await this.run(claimed);
    } catch (error) {
      const fail = claimed.attempt >= this.deps.maxAttempts;
      this.deps.logger.error(
        { err: error, jobId: claimed.job.id, attempt: claimed.attempt },
        fail ? 'backfill job failed' : 'backfill page failed; the job will be retried',
      );
      const message = error instanceof Error ? error.message : String(error);
      await this.deps.jobs.release(
        claimed,
        message,
        fail ? 'fail' : { retryInMs: Math.min(60_000, 1_000 * 2 ** claimed.attempt) },
      );
      return fail ? 'failed' : 'retry';
    }
  }

  private async run(claimed: ClaimedJob): Promise<RunOutcome> {
    const { job } = claimed;
    const { deps } = this;
    // A fresh read: the definition change that queued this job committed before it.
    let catalog = await deps.catalogs.refresh();
    // The population only sizes the progress bar, and counting it takes seconds at 1M
    // customers: it runs beside the first pages instead of before them.
    const population =
      job.total === null || job.total === undefined
        ? deps.population()
        : Promise.resolve(job.total);
    population.catch(() => undefined);
    let progress: BackfillProgress = {
      processed: job.processed,
      changes: job.changes,
      total: job.total,
      cursor: job.cursor,
    };
    const trigger = { eventId: `backfill:${job.id}`, correlationId: job.id };
    const nowMs = deps.nowMs ?? Date.now;
    let recordedAtMs = nowMs();
    // Pages overlap: the next ones are scanned and screened while earlier ones wait on Redis,
    // Kafka and Postgres. Progress moves in page order, so a saved cursor never passes a page
    // still in flight (a resumed job re-does at most those pages; re-evaluation is idempotent).
    const segmentId = scopedSegmentOf(job);
    const scanCount =
      segmentId === undefined ? deps.pageSize : (deps.screenPageSize ?? deps.pageSize);
    const maxInFlight = Math.max(1, deps.pagesInFlight ?? 2);
    let cursor = resumeCursor(progress);
    const inFlight: Array<Promise<BackfillPage>> = [];
    try {
      for (;;) {
        if (this.stopping) return 'stopped';
        const page = await deps.store.scanCustomerIds(cursor, scanCount);
        cursor = page.cursor;
        const pending = this.reevaluatePage(
          [...new Set(page.customerIds)],
          page.cursor,
          catalog,
          trigger,
          segmentId,
        );
        // Unhandled until awaited below; failures surface there.
        pending.catch(() => undefined);
        inFlight.push(pending);
        const scanned = cursor === SCAN_START;
        while (inFlight.length >= maxInFlight || (scanned && inFlight.length > 0)) {
          const oldest = inFlight.shift() as Promise<BackfillPage>;
          const counted = { ...progress, total: progress.total ?? (await population) };
          progress = advance(counted, await oldest).progress;
          // The scan is complete and its last page done: that page decides.
          if (scanned && inFlight.length === 0) {
            await deps.jobs.finish(claimed, progress);
            return 'done';
          }
          if (nowMs() - recordedAtMs >= (deps.progressEveryMs ?? 0)) {
            if (!(await deps.jobs.recordPage(claimed, progress, deps.leaseMs))) {
              deps.logger.info({ jobId: job.id }, 'backfill job cancelled or taken over; stopping');
              return 'lost';
            }
            recordedAtMs = nowMs();
            catalog = await deps.catalogs.get();
          }
        }
      }
    } finally {
      // Never leave a page running behind a return or a failure (a retry would overlap it).
      await Promise.allSettled(inFlight);
    }
  }

  private async reevaluatePage(
    customerIds: string[],
    nextCursor: string,
    catalog: SegmentCatalog,
    trigger: { eventId: string; correlationId: string },
    segmentId: string | undefined,
  ): Promise<BackfillPage> {
    const affected =
      segmentId === undefined
        ? customerIds
        : await this.affectedBy(segmentId, customerIds, catalog);
    let changes = 0;
    // A large screened page re-evaluates its affected customers in ordinary page-sized slices.
    for (let from = 0; from < affected.length; from += this.deps.pageSize) {
      const slice = affected.slice(from, from + this.deps.pageSize);
      changes += (await this.deps.reevaluator.reevaluate(slice, () => trigger, catalog)).changes;
    }
    return { scanned: customerIds.length, changes, nextCursor };
  }

  /**
   * The customers one segment's change can affect, judged on the few stored fields that segment
   * reads; only they go through the full re-evaluation (load, evaluate all, write, publish).
   */
  private async affectedBy(
    segmentId: string,
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<string[]> {
    const nowMs = (this.deps.evaluationClock ?? Date.now)();
    const fields = fieldsForSegmentChange(catalog, segmentId);
    const selection = fields && selectionForSegmentChange(catalog, segmentId);
    // Chunks read and screened as their replies arrive: one chunk is decoded while Redis still
    // answers the next, and the event loop is never held for a whole page (other pages'
    // re-evaluations, or live events on the same instance, run in between).
    const chunks: Array<Promise<string[]>> = [];
    for (let from = 0; from < customerIds.length; from += SCREEN_CHUNK) {
      const ids = customerIds.slice(from, from + SCREEN_CHUNK);
      chunks.push(
        this.deps.store.loadFields(ids, fields, catalog, selection).then((states) =>
          ids.filter((id) => {
            const state = states.get(id);
            return state !== undefined && segmentChangeAffects(state, catalog, segmentId, nowMs);
          }),
        ),
      );
    }
    return (await Promise.all(chunks)).flat();
  }
}

/** A job for one segment's definition change can be screened; packs and quantiles cannot. */
function scopedSegmentOf(job: { scope: string; segmentId: string | null }): string | undefined {
  return job.segmentId !== null && job.scope === job.segmentId ? job.segmentId : undefined;
}
