import type { Severity } from '@cip/contracts';
import { LifecycleError } from '../lifecycle-error';
import { missedReview } from './alert-review.policy';
import type { AlertOutcome } from './alert-status';

/** The milestones of one alert that the management summary counts. */
export interface AlertSummaryFacts {
  triggerId: string;
  /** From the trigger catalog; `unknown` when the trigger was deleted since. */
  programme: string;
  severity: Severity;
  raisedAt: Date;
  reviewDueAt: Date;
  acknowledgedAt: Date | null;
  actionedAt: Date | null;
  resolvedAt: Date | null;
  outcome: AlertOutcome | null;
  expiredAt: Date | null;
}

export type SummaryPeriod = 'day' | 'week';

export interface SummaryWindow {
  period: SummaryPeriod;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface AlertCounts {
  raised: number;
  acknowledged: number;
  actioned: number;
  saved: number;
  lost: number;
  noAction: number;
  expired: number;
  /** Reviews due in the window (and by now) that were not acknowledged in time. */
  overdueReview: number;
}

export interface AlertSummary {
  period: SummaryPeriod;
  from: string;
  to: string;
  /** Counts are "as of" this moment: later acknowledgements change overdueReview of the past. */
  asOf: string;
  totals: AlertCounts;
  byProgramme: Array<{ programme: string } & AlertCounts>;
  byTrigger: Array<{ triggerId: string; programme: string } & AlertCounts>;
  bySeverity: Array<{ severity: Severity } & AlertCounts>;
}

const DAY_MS = 86_400_000;

/**
 * The reporting window: a UTC day, or an ISO week (Monday to Monday). Without `from`, the current
 * one; with `from`, the day or week that contains it, so `from` need not be exactly its start.
 */
export function summaryWindow(
  period: SummaryPeriod,
  from: Date | undefined,
  now: Date,
): SummaryWindow {
  const anchor = from ?? now;
  if (Number.isNaN(anchor.getTime())) {
    throw new LifecycleError('INVALID_ALERT_QUERY', 'from is not a valid date');
  }
  const day = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate());
  switch (period) {
    case 'day':
      return { period, from: new Date(day), to: new Date(day + DAY_MS) };
    case 'week': {
      const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
      const monday = day - sinceMonday * DAY_MS;
      return { period, from: new Date(monday), to: new Date(monday + 7 * DAY_MS) };
    }
  }
}

/**
 * Counts what happened in the window: alerts raised, acknowledged, actioned, resolved (by
 * outcome) and expired in it, and the reviews due in it that were missed. Each count is about a
 * milestone's own time, so a day's report adds up with its neighbours' into the week's.
 */
export function summarizeAlerts(
  facts: readonly AlertSummaryFacts[],
  window: SummaryWindow,
  now: Date,
): AlertSummary {
  const totals = emptyCounts();
  const byProgramme = new Map<string, AlertCounts>();
  const byTrigger = new Map<string, { programme: string; counts: AlertCounts }>();
  const bySeverity = new Map<Severity, AlertCounts>();
  const within = (at: Date | null): boolean =>
    at !== null && at.getTime() >= window.from.getTime() && at.getTime() < window.to.getTime();

  for (const alert of facts) {
    const delta = emptyCounts();
    if (within(alert.raisedAt)) delta.raised = 1;
    if (within(alert.acknowledgedAt)) delta.acknowledged = 1;
    if (within(alert.actionedAt)) delta.actioned = 1;
    if (within(alert.resolvedAt)) {
      switch (alert.outcome) {
        case 'saved':
          delta.saved = 1;
          break;
        case 'lost':
          delta.lost = 1;
          break;
        case 'no-action':
          delta.noAction = 1;
          break;
        case null:
          break;
      }
    }
    if (within(alert.expiredAt)) delta.expired = 1;
    if (within(alert.reviewDueAt) && missedReview(alert, now)) delta.overdueReview = 1;
    if (Object.values(delta).every((n) => n === 0)) continue;

    add(totals, delta);
    add(mapEntry(byProgramme, alert.programme), delta);
    const trigger = byTrigger.get(alert.triggerId) ?? {
      programme: alert.programme,
      counts: emptyCounts(),
    };
    byTrigger.set(alert.triggerId, trigger);
    add(trigger.counts, delta);
    add(mapEntry(bySeverity, alert.severity), delta);
  }

  return {
    period: window.period,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    asOf: now.toISOString(),
    totals,
    byProgramme: sorted(byProgramme).map(([programme, counts]) => ({ programme, ...counts })),
    byTrigger: sorted(byTrigger).map(([triggerId, { programme, counts }]) => ({
      triggerId,
      programme,
      ...counts,
    })),
    bySeverity: SEVERITY_ORDER.flatMap((severity) => {
      const counts = bySeverity.get(severity);
      return counts ? [{ severity, ...counts }] : [];
    }),
  };
}

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

function emptyCounts(): AlertCounts {
  return {
    raised: 0,
    acknowledged: 0,
    actioned: 0,
    saved: 0,
    lost: 0,
    noAction: 0,
    expired: 0,
    overdueReview: 0,
  };
}

function add(into: AlertCounts, delta: AlertCounts): void {
  for (const key of Object.keys(into) as Array<keyof AlertCounts>) into[key] += delta[key];
}

function mapEntry<K>(map: Map<K, AlertCounts>, key: K): AlertCounts {
  const existing = map.get(key);
  if (existing) return existing;
  const fresh = emptyCounts();
  map.set(key, fresh);
  return fresh;
}

function sorted<V>(map: Map<string, V>): Array<[string, V]> {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
