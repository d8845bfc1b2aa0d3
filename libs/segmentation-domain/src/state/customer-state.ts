import { z } from 'zod';
import { SegmentationError } from '../definitions/segment-definition';
import type { MembershipChange, MembershipReason } from '../membership/membership-change';

/** Bounds that keep one customer's state small whatever the traffic. */
export const STATE_LIMITS = {
  /** Timestamps kept per event type; a windowed count saturates at this value. */
  maxEventsPerType: 1000,
  /** Recently applied event ids (with the changes each produced) kept for dedup and replay. */
  recentEventIds: 128,
} as const;

export interface MembershipRecord {
  definitionVersion: number;
  /** Evaluation time of the entry (ISO). */
  enteredAt: string;
  enteredBy: string;
  reason: MembershipReason;
}

export interface AppliedEventRecord {
  eventId: string;
  /** The membership changes its application produced: republished if the pipeline crashed after applying. */
  changes: MembershipChange[];
}

/**
 * One customer's aggregates, kept incrementally by event time. JSON-serialisable: the same shape
 * is stored in Redis (hot) and in the Postgres snapshot (durable).
 */
export interface CustomerState {
  schemaVersion: 1;
  customerId: string;
  /** Number of distinct events applied: the snapshot's sequence for conditional writes. */
  version: number;
  /** Latest occurredAt seen (epoch ms), the evaluation time; null before the first event. */
  lastEventAtMs: number | null;
  /** Per event type, `[occurredAtMs, eventId]` sorted ascending, only within the longest window needed. */
  events: Record<string, Array<[number, string]>>;
  /** Per event type, the all-time number of distinct events applied. */
  totals: Record<string, number>;
  /** Oldest first, bounded by STATE_LIMITS.recentEventIds. */
  recent: AppliedEventRecord[];
  /** Current memberships by segment id. */
  memberships: Record<string, MembershipRecord>;
  /**
   * Set once this customer was merged into another (a tombstone): its events were folded into
   * `mergedInto`, so anything still arriving for it is routed there instead of being applied here.
   */
  mergedInto?: string;
}

export function emptyCustomerState(customerId: string): CustomerState {
  return {
    schemaVersion: 1,
    customerId,
    version: 0,
    lastEventAtMs: null,
    events: {},
    totals: {},
    recent: [],
    memberships: {},
  };
}

const reasonSchema = z.object({
  summary: z.string(),
  values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});

const changeSchema = z.object({
  eventId: z.string(),
  customerId: z.string(),
  segmentId: z.string(),
  definitionVersion: z.number().int(),
  change: z.enum(['entered', 'exited']),
  triggeringEventId: z.string(),
  at: z.string(),
  reason: reasonSchema,
  strategy: z.string(),
});

const customerStateSchema = z.object({
  schemaVersion: z.literal(1),
  customerId: z.string().min(1),
  version: z.number().int().nonnegative(),
  lastEventAtMs: z.number().int().nullable(),
  events: z.record(z.string(), z.array(z.tuple([z.number().int(), z.string()]))),
  totals: z.record(z.string(), z.number().int().nonnegative()),
  recent: z.array(z.object({ eventId: z.string(), changes: z.array(changeSchema) })),
  memberships: z.record(
    z.string(),
    z.object({
      definitionVersion: z.number().int(),
      enteredAt: z.string(),
      enteredBy: z.string(),
      reason: reasonSchema,
    }),
  ),
  mergedInto: z.string().min(1).optional(),
});

/** Reads a stored state (Redis or Postgres); a shape we do not know is an error, never guessed at. */
export function parseCustomerState(input: unknown): CustomerState {
  const parsed = customerStateSchema.safeParse(input);
  if (!parsed.success) {
    throw new SegmentationError(
      'CORRUPT_CUSTOMER_STATE',
      'stored customer state has an unknown shape',
      {
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      },
    );
  }
  return parsed.data;
}
