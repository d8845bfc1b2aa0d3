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
}

/**
 * The churn outcome the history itself shows, for training without a simulator's ground truth:
 * a customer-initiated `account.closed` (the closure of a contract or an account), or else a
 * silence of `silentAfterDays` up to the end of the history (dated at the last event). The cause
 * is the reason of the cancellation request or of the closure, when one names it.
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
  const churnAt = closedAt ?? (silent ? lastAt : undefined);
  return {
    customerId,
    kind: churnAt === undefined ? undefined : 'quantity',
    cause:
      churnAt === undefined || reason === undefined
        ? undefined
        : (CAUSE_OF_REASON[reason] ?? reason),
    churnAt,
  };
}
