import {
  computeQuantileCuts,
  evaluateCondition,
  evaluateOperand,
  featuresReader,
  QUANTILE_TABLE_POPULATIONS,
  QUANTILE_TABLES,
  SCAN_START,
} from '@cip/segmentation-domain';
import type { DataSource } from 'typeorm';
import type { BackfillJobRow } from '../backfill/backfill-job.view';
import type { PostgresBackfillJobs } from '../backfill/postgres-backfill-jobs';
import type {
  SegmentCatalogProvider,
  SegmentStateStore,
} from '../evaluate-segments/segment-state.ports';

export interface QuantileTableView {
  name: string;
  cuts: number[];
  population: number;
  computedAt: string;
}

export interface QuantileRecomputation {
  tables: QuantileTableView[];
  /** Tables whose cuts moved: memberships reading them are re-evaluated by `job`. */
  changed: string[];
  job: BackfillJobRow | null;
}

export interface RecomputeQuantilesDeps {
  dataSource: DataSource;
  jobs: PostgresBackfillJobs;
  store: Pick<SegmentStateStore, 'scanCustomerIds' | 'loadMany'>;
  catalogs: SegmentCatalogProvider;
  nowMs: () => number;
  pageSize: number;
  /** Ranks per table (5: quintiles, as RFM uses). */
  buckets?: number;
}

/**
 * Population quantiles: every table's operand evaluated for every customer of the hot store
 * (restricted to the table's population, e.g. buyers for RFM), cut into equal-size ranks and
 * stored. Cuts that moved change the rank of customers who did nothing, so a change enqueues a
 * backfill (kind `quantiles`) in the same transaction as the new cuts.
 */
export class RecomputeQuantilesUseCase {
  constructor(private readonly deps: RecomputeQuantilesDeps) {}

  async recompute(actor: string): Promise<QuantileRecomputation> {
    const { deps } = this;
    const names = Object.keys(QUANTILE_TABLES);
    const values = new Map<string, number[]>(names.map((name) => [name, []]));
    const catalog = await deps.catalogs.get();
    const nowMs = deps.nowMs();
    let cursor = SCAN_START;
    do {
      const page = await deps.store.scanCustomerIds(cursor, deps.pageSize);
      cursor = page.cursor;
      const states = await deps.store.loadMany([...new Set(page.customerIds)], catalog);
      for (const { state } of states.values()) {
        if (state.mergedInto !== undefined) continue;
        const context = { nowMs, reader: featuresReader(state.features) };
        for (const name of names) {
          const population = QUANTILE_TABLE_POPULATIONS[name];
          if (population && !evaluateCondition(population, context).matched) continue;
          const { value } = evaluateOperand(QUANTILE_TABLES[name]!, context);
          if (typeof value === 'number' && Number.isFinite(value)) values.get(name)!.push(value);
        }
      }
    } while (cursor !== SCAN_START);

    const computedAt = new Date(nowMs);
    return deps.dataSource.transaction(async (manager) => {
      const stored = (await manager.query(
        `SELECT name, cuts FROM quantile_table WHERE name = ANY($1) FOR UPDATE`,
        [names],
      )) as Array<{ name: string; cuts: number[] }>;
      const previous = new Map(stored.map((row) => [row.name, row.cuts]));
      const tables: QuantileTableView[] = [];
      const changed: string[] = [];
      for (const name of names) {
        const sample = values.get(name)!;
        const cuts = computeQuantileCuts(sample, deps.buckets ?? 5);
        if (!sameCuts(previous.get(name), cuts)) changed.push(name);
        await manager.query(
          `INSERT INTO quantile_table (name, cuts, population, computed_at)
           VALUES ($1, $2::jsonb, $3, $4)
           ON CONFLICT (name) DO UPDATE
             SET cuts = EXCLUDED.cuts, population = EXCLUDED.population,
                 computed_at = EXCLUDED.computed_at`,
          [name, JSON.stringify(cuts), sample.length, computedAt],
        );
        tables.push({
          name,
          cuts,
          population: sample.length,
          computedAt: computedAt.toISOString(),
        });
      }
      const job =
        changed.length === 0
          ? null
          : await deps.jobs.enqueue(manager, {
              scope: 'quantiles',
              segmentId: null,
              version: null,
              kind: 'quantiles',
              createdBy: actor,
            });
      return { tables, changed, job };
    });
  }

  /** When the tables were last computed (any instance), to skip a periodic run done elsewhere. */
  async lastComputedAt(): Promise<Date | null> {
    const rows = (await this.deps.dataSource.query(
      `SELECT max(computed_at) AS at FROM quantile_table`,
    )) as Array<{ at: Date | null }>;
    return rows[0]?.at ?? null;
  }

  async list(): Promise<QuantileTableView[]> {
    const rows = (await this.deps.dataSource.query(
      `SELECT name, cuts, population, computed_at FROM quantile_table ORDER BY name`,
    )) as Array<{ name: string; cuts: number[]; population: number; computed_at: Date }>;
    return rows.map((row) => ({
      name: row.name,
      cuts: row.cuts,
      population: row.population,
      computedAt: row.computed_at.toISOString(),
    }));
  }
}

export function sameCuts(a: readonly number[] | undefined, b: readonly number[]): boolean {
  return a !== undefined && a.length === b.length && a.every((cut, i) => cut === b[i]);
}
