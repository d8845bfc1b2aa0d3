import type { RuleContext } from '../rules/evaluate-rule';
import type { CustomerState } from './customer-state';

export const DAY_MS = 86_400_000;

/**
 * Windows are half-open and end at the evaluation time: an event counts over `windowDays` when
 * `now - windowDays·24h < occurredAt ≤ now`, so an event exactly 30 days old has left a 30-day window.
 */
export function stateRuleContext(state: CustomerState, nowMs: number): RuleContext {
  return {
    count(eventType, windowDays) {
      if (windowDays === undefined) return state.totals[eventType] ?? 0;
      const from = nowMs - windowDays * DAY_MS;
      let n = 0;
      for (const [at] of state.events[eventType] ?? []) if (at > from && at <= nowMs) n += 1;
      return n;
    },
  };
}
