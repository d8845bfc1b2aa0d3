import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import type {
  SegmentCatalogProvider,
  SegmentStateStore,
} from '../evaluate-segments/segment-state.ports';

/**
 * Samples every active segment's size (bitmap count) into segment_size_sample. Sample times are
 * aligned to the interval, so instances sampling the same slot write one row (first wins).
 */
export class SegmentSizeSampler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      store: Pick<SegmentStateStore, 'segmentSize'>;
      catalogs: SegmentCatalogProvider;
      intervalMs: number;
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
    const catalog = await deps.catalogs.get();
    const sizes = await Promise.all(
      catalog.active.map(async (segment) => ({
        id: segment.id,
        size: await deps.store.segmentSize(segment.code),
      })),
    );
    if (sizes.length === 0) return 0;
    const result = (await deps.dataSource.query(
      `INSERT INTO segment_size_sample (segment_id, sampled_at, size)
       SELECT unnest($1::text[]), $2::timestamptz, unnest($3::int[])
       ON CONFLICT (segment_id, sampled_at) DO NOTHING
       RETURNING segment_id`,
      [sizes.map((s) => s.id), slot, sizes.map((s) => s.size)],
    )) as unknown[];
    return result.length;
  }
}
