import { seriesKey, type SeriesRef } from './feature-series';

/** A tracked series with how much bucket history its longest window needs. */
export interface SeriesSpec extends SeriesRef {
  key: string;
  /** Day buckets kept: the longest `{ days }` window over the series (0 = none). */
  dayHorizon: number;
  /** Complete months kept before the current one: the largest `months + skipMonths` (0 = none). */
  monthHorizon: number;
}

/**
 * What a customer's features keep: derived from the active definitions (plus a standard set), so
 * adding a definition that needs a new series starts that series empty: its backfill comes from
 * the durable history, not from this state.
 */
export interface FeatureSpec {
  series: Readonly<Record<string, SeriesSpec>>;
  /** Profile attributes kept (names are the profile's JSON pointers without the leading `/`). */
  profile: readonly string[];
  /** Event fingerprints remembered for dedup, in arrival order (see ADR 0005). */
  dedupeRing: number;
}

export const DEFAULT_DEDUPE_RING = 16;

/** Accumulates requirements; merging keeps the largest horizon per series. */
export class FeatureSpecBuilder {
  private readonly series = new Map<string, SeriesSpec>();
  private readonly profile = new Set<string>();

  constructor(private readonly dedupeRing = DEFAULT_DEDUPE_RING) {}

  needSeries(ref: SeriesRef, horizon: { days?: number; months?: number } = {}): this {
    const key = seriesKey(ref);
    const known = this.series.get(key);
    this.series.set(key, {
      ...(known ?? { key, event: ref.event, where: ref.where, field: ref.field }),
      dayHorizon: Math.max(known?.dayHorizon ?? 0, horizon.days ?? 0),
      monthHorizon: Math.max(known?.monthHorizon ?? 0, horizon.months ?? 0),
    });
    return this;
  }

  needProfile(attribute: string): this {
    this.profile.add(attribute);
    return this;
  }

  merge(spec: FeatureSpec): this {
    for (const series of Object.values(spec.series))
      this.needSeries(series, { days: series.dayHorizon, months: series.monthHorizon });
    for (const attribute of spec.profile) this.needProfile(attribute);
    return this;
  }

  build(): FeatureSpec {
    return {
      series: Object.fromEntries([...this.series].sort(([a], [b]) => (a < b ? -1 : 1))),
      profile: [...this.profile].sort(),
      dedupeRing: this.dedupeRing,
    };
  }
}
