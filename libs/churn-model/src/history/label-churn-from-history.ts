import type { ContactEvent } from '@cip/contracts';
import { DAY_MS } from '../features/extract-churn-features';
import type { ChurnOutcome } from '../model/churn-outcome';

/** An account closure only counts as churn when the customer chose to leave. */
const LEAVING_REASONS = new Set(['customer-request', 'moved-to-competitor', 'other']);

/** Cancellation reasons, and closure reasons, mapped onto the domain's churn causes. */
const CAUSE_OF_REASON: Record<string, string> = {
  price: 'price',
  competitor: 'competitor',
  'moved-to-competitor': 'competitor',
  'service-quality': 'network-quality',
};

export interface HistoryLabelOptions {
  /** The end of the observed history (epoch ms): silence is only judged up to here. */
  observedUntil: number;
  /**
   * A customer with no event at all for this long before `observedUntil` has left silently
   * (active customers get at least a monthly bill). 0 turns silent churn off.
   */
  silentAfterDays: number;
  /**
   * Value churn: every bill from some date to the end of the history at or below this share of
   * the mean bill of the 90 days before (0 turns it off). The simulator's value churners
   * settle at 30-60 % of their spend.
   */
  valueChurnSpendShare?: number;
}

/** Value churn needs this much history after the drop to tell a lasting fall from a dip. */
const VALUE_CHURN_MIN_AFTER_DAYS = 60;
const VALUE_CHURN_BASELINE_DAYS = 90;
const VALUE_CHURN_STEP_DAYS = 15;
const DEFAULT_VALUE_CHURN_SHARE = 0.65;

/**
 * The churn outcome the history itself shows, for training without a simulator's ground truth:
 * a customer-initiated `account.closed` (the closure of a contract or an account), or else a
 * silence of `silentAfterDays` up to the end of the history (dated at the last event), both
 * quantity churn; or else value churn, the first date after which spend stays well below the
 * customer's own baseline (valueChurnAt). The cause is the reason of the cancellation request
 * or of the closure, when one names it.
 */
export function labelChurnFromHistory(
  customerId: string,
  events: readonly ContactEvent[],
  options: HistoryLabelOptions,
): ChurnOutcome {
  let closedAt: number | undefined;
  let lastAt = -Infinity;
  let reason: string | undefined;
  for (const event of events) {
    const at = Date.parse(event.occurredAt);
    if (at > options.observedUntil) continue;
    lastAt = Math.max(lastAt, at);
    if (event.type === 'contract.cancellation-requested') reason ??= event.payload.reason;
    if (
      event.type === 'account.closed' &&
      event.payload.initiatedBy === 'customer' &&
      LEAVING_REASONS.has(event.payload.reason) &&
      (closedAt === undefined || at < closedAt)
    ) {
      closedAt = at;
      if (event.payload.reason === 'moved-to-competitor') reason = event.payload.reason;
    }
  }
  const silent =
    options.silentAfterDays > 0 &&
    Number.isFinite(lastAt) &&
    options.observedUntil - lastAt >= options.silentAfterDays * DAY_MS;
  const quantityAt = closedAt ?? (silent ? lastAt : undefined);
  const valueAt =
    quantityAt === undefined
      ? valueChurnAt(
          events,
          options.observedUntil,
          options.valueChurnSpendShare ?? DEFAULT_VALUE_CHURN_SHARE,
        )
      : undefined;
  const churnAt = quantityAt ?? valueAt;
  return {
    customerId,
    kind: quantityAt !== undefined ? 'quantity' : valueAt !== undefined ? 'value' : undefined,
    cause:
      churnAt === undefined || reason === undefined
        ? undefined
        : (CAUSE_OF_REASON[reason] ?? reason),
    churnAt,
  };
}

/**
 * The first date (in 15-day steps, at least 60 days before `observedUntil`) after which every
 * bill is at most `share` of the mean bill of the 90 days before it (two bills at least on each
 * side); undefined if none.
 */
export function valueChurnAt(
  events: readonly ContactEvent[],
  observedUntil: number,
  share: number,
): number | undefined {
  if (share <= 0) return undefined;
  const spends: { at: number; amount: number }[] = [];
  let firstAt = Infinity;
  for (const event of events) {
    const at = Date.parse(event.occurredAt);
    if (at > observedUntil) continue;
    firstAt = Math.min(firstAt, at);
    // Bills only, paid or not: purchases are too lumpy and a missed payment is not a smaller
    // bill, so neither tells a lasting fall in value from a quiet month.
    const amount = event.type === 'payment.recorded' ? event.payload.amount : 0;
    if (amount > 0) spends.push({ at, amount });
  }
  // Every bill after the date, not spend per day: the history's last bill cycle is usually cut
  // short, and one low bill is a dip, not a new level.
  const bills = (from: number, to: number) => spends.filter((s) => s.at > from && s.at <= to);
  const last = observedUntil - VALUE_CHURN_MIN_AFTER_DAYS * DAY_MS;
  for (
    let t = firstAt + VALUE_CHURN_BASELINE_DAYS * DAY_MS;
    t <= last;
    t += VALUE_CHURN_STEP_DAYS * DAY_MS
  ) {
    const before = bills(t - VALUE_CHURN_BASELINE_DAYS * DAY_MS, t);
    const after = bills(t, observedUntil);
    if (before.length < 2 || after.length < 2) continue;
    const baseline = before.reduce((sum, s) => sum + s.amount, 0) / before.length;
    if (Math.max(...after.map((s) => s.amount)) <= share * baseline) return t;
  }
  return undefined;
}
