import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import type {
  SegmentCatalogProvider,
  SegmentStateStore,
} from '../evaluate-segments/segment-state.ports';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Samples every active segment's size (bitmap count) into segment_size_sample. Sample times are
 * aligned to the interval, so instances sampling the same slot write one row (first wins), and
 * an instance that finds its slot written counts nothing. Old samples are thinned to one an
 * hour, then dropped (a minute sample of 100 segments is 144,000 rows a day).
 */
export class SegmentSizeSampler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private prunedHour: number | undefined;

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      store: Pick<SegmentStateStore, 'segmentSizes'>;
      catalogs: SegmentCatalogProvider;
      intervalMs: number;
      /** Every sample kept `detailDays`, then only those on the hour, until `hourlyDays`. */
      retention?: { detailDays: number; hourlyDays: number };
      logger: Logger;
      nowMs?: () => number;
    },
  ) {}

  onApplicationBootstrap(): void {
    if (this.deps.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.sample()
        .then(() => undefined)
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'size sampling failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One sample of every active segment; returns how many rows were written. */
  async sample(): Promise<number> {
    const { deps } = this;
    const nowMs = (deps.nowMs ?? Date.now)();
    const slot = new Date(
      deps.intervalMs > 0 ? Math.floor(nowMs / deps.intervalMs) * deps.intervalMs : nowMs,
    );
    const { active } = await deps.catalogs.get();
    const first = active[0];
    if (first === undefined || (await this.alreadySampled(first.id, slot))) return 0;
    const sizes = await deps.store.segmentSizes(active.map((segment) => segment.code));
    const result = (await deps.dataSource.query(
      `INSERT INTO segment_size_sample (segment_id, sampled_at, size)
       SELECT unnest($1::text[]), $2::timestamptz, unnest($3::int[])
       ON CONFLICT (segment_id, sampled_at) DO NOTHING
       RETURNING segment_id`,
      [active.map((segment) => segment.id), slot, sizes],
    )) as unknown[];
    const hour = Math.floor(nowMs / HOUR_MS);
    if (this.prunedHour !== hour) {
      await this.prune(nowMs);
      this.prunedHour = hour;
    }
    return result.length;
  }

  /**
   * Whether another instance (or an earlier tick) already wrote this slot, judged by one
   * segment's row: then every active bitmap need not be counted again. Two instances that
   * check at the same moment both count, and the insert keeps one row each.
   */
  private async alreadySampled(segmentId: string, slot: Date): Promise<boolean> {
    const rows = (await this.deps.dataSource.query(
      `SELECT 1 FROM segment_size_sample WHERE segment_id = $1 AND sampled_at = $2 LIMIT 1`,
      [segmentId, slot],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Thins samples older than the detail period to the hour and drops the oldest; the count. */
  async prune(nowMs: number): Promise<number> {
    const retention = this.deps.retention;
    if (!retention) return 0;
    const [, thinned] = (await this.deps.dataSource.query(
      `DELETE FROM segment_size_sample
        WHERE sampled_at < $1::timestamptz
          AND (sampled_at < $2::timestamptz OR sampled_at <> date_trunc('hour', sampled_at))`,
      [
        new Date(nowMs - retention.detailDays * DAY_MS),
        new Date(nowMs - retention.hourlyDays * DAY_MS),
      ],
    )) as [unknown, number];
    return thinned;
  }
}
