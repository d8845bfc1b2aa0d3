/**
 * Tokens of the runtime definition management. The pipeline binds the two it provides
 * (`SEGMENT_STATE_STORE`, `CUSTOMER_REEVALUATOR`); the rest are provided here.
 */
export const SEGMENT_STATE_STORE = Symbol('SEGMENT_STATE_STORE');
export const CUSTOMER_REEVALUATOR = Symbol('CUSTOMER_REEVALUATOR');
export const SEGMENT_CATALOG_PROVIDER = Symbol('SEGMENT_CATALOG_PROVIDER');
export const DEFINITIONS_SETTINGS = Symbol('DEFINITIONS_SETTINGS');

/** Periods and sizes of the background work; tests shorten them. */
export interface DefinitionsSettings {
  /** How stale the compiled catalog may be (each instance re-reads the definitions). */
  catalogRefreshMs: number;
  /**
   * How often an idle instance looks for a backfill job besides being notified of one (LISTEN)
   * and waking when a known job becomes claimable: a safety net for missed notifications.
   */
  backfillPollMs: number;
  /** Customers re-evaluated per page of a backfill (one progress write per page). */
  backfillPageSize: number;
  /** Customers scanned per page when a job screens for one segment's change (few fields each). */
  backfillScreenPageSize: number;
  /** Pages of a backfill worked on at once (scanned and screened ahead of the one recorded). */
  backfillPagesInFlight: number;
  /** Progress and lease writes at most this often (a page can hold few ids). */
  backfillProgressEveryMs: number;
  /** A running job not renewed for this long is taken over by another instance. */
  backfillLeaseMs: number;
  /** Attempts before a job is marked failed. */
  backfillMaxAttempts: number;
  /** Quantile tables recomputed this often; 0 = only on request. */
  quantilesIntervalMs: number;
  /** Segment sizes sampled this often; 0 = never. */
  sizeSampleIntervalMs: number;
  /** Every sample is kept this long; after it, only samples on the hour. */
  sizeSampleDetailDays: number;
  /** Hourly samples are kept this long (size over time for year-on-year comparisons). */
  sizeSampleHourlyDays: number;
  /** Install (and activate) every built-in model pack at boot: the demo and the benchmark. */
  installBuiltInPacks: boolean;
  /** Upper bound of customers a preview may scan. */
  previewMaxScan: number;
}

export const DEFAULT_DEFINITIONS_SETTINGS: DefinitionsSettings = {
  catalogRefreshMs: 500,
  backfillPollMs: 5_000,
  backfillPageSize: 1_000,
  // Screened customers in flight are pages in flight × this: at 3 × 100,000 the worker spent
  // half its CPU collecting garbage (bench/segmentation/screen-bench.js).
  backfillScreenPageSize: 20_000,
  backfillPagesInFlight: 3,
  backfillProgressEveryMs: 500,
  backfillLeaseMs: 30_000,
  backfillMaxAttempts: 5,
  quantilesIntervalMs: 3_600_000,
  sizeSampleIntervalMs: 60_000,
  sizeSampleDetailDays: 35,
  sizeSampleHourlyDays: 800,
  installBuiltInPacks: false,
  previewMaxScan: 100_000,
};
