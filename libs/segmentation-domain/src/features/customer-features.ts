import { z } from 'zod';
import { SegmentationError } from '../definitions/segment-definition';

/** `[count, sum, min, max]`, measures in hundredths (sum/min/max are 0 for count-only series). */
export type Bucket = [count: number, sum: number, min: number, max: number];

export type DayBucket = [day: number, ...bucket: Bucket];
export type MonthBucket = [month: number, count: number, sum: number];

export type ProfileValue = string | number | boolean | null;

export interface SeriesState {
  /** Non-empty UTC days within the series' day horizon, ascending by day index. */
  days: DayBucket[];
  /** Non-empty months (year·12 + month) within the month horizon, ascending. */
  months: MonthBucket[];
  /** All time, never pruned. */
  total: Bucket;
  /** The latest event by event time (ties: larger fingerprint): `[occurredAtMs, measure, fingerprint]`. */
  last: [atMs: number, measure: number, fingerprint: string];
}

/**
 * One customer's features, kept incrementally by event time and independent of arrival order.
 * JSON-serialisable; ADR 0005 describes its compact Redis hash encoding.
 */
export interface CustomerFeatures {
  schemaVersion: 1;
  customerId: string;
  /** Latest processing time seen (epoch ms): buckets are pruned relative to it. */
  clockMs: number | null;
  /** Distinct events applied (contact and profile): the sequence for conditional writes. */
  applied: number;
  /** By series key (see `seriesKey`); a series exists once one matching event was applied. */
  series: Record<string, SeriesState>;
  /** Attribute → `[value, occurredAtMs, fingerprint]`: the latest write by event time wins. */
  profile: Record<string, [value: ProfileValue, atMs: number, fingerprint: string]>;
  /** Fingerprints of the most recently applied events, oldest first (dedup ring). */
  recent: string[];
}

export function emptyCustomerFeatures(customerId: string): CustomerFeatures {
  return {
    schemaVersion: 1,
    customerId,
    clockMs: null,
    applied: 0,
    series: {},
    profile: {},
    recent: [],
  };
}

const int = z.number().int();
const bucketSchema = z.tuple([int.nonnegative(), int, int, int]);
const profileValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const customerFeaturesSchema = z.object({
  schemaVersion: z.literal(1),
  customerId: z.string().min(1),
  clockMs: int.nullable(),
  applied: int.nonnegative(),
  series: z.record(
    z.string(),
    z.object({
      days: z.array(z.tuple([int, int.nonnegative(), int, int, int])),
      months: z.array(z.tuple([int, int.nonnegative(), int])),
      total: bucketSchema,
      last: z.tuple([int, int, z.string()]),
    }),
  ),
  profile: z.record(z.string(), z.tuple([profileValueSchema, int, z.string()])),
  recent: z.array(z.string()),
});

/** Reads stored features; a shape we do not know is an error, never guessed at. */
export function parseCustomerFeatures(input: unknown): CustomerFeatures {
  const parsed = customerFeaturesSchema.safeParse(input);
  if (!parsed.success) {
    throw new SegmentationError(
      'CORRUPT_CUSTOMER_FEATURES',
      'stored features have an unknown shape',
      {
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      },
    );
  }
  return parsed.data;
}
