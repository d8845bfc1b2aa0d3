import type { SegmentDefinition } from '../definitions/segment-definition';
import type { AppliedEvent } from './apply-event';
import { requirementsOf } from './apply-event';
import {
  emptyCustomerState,
  STATE_LIMITS,
  type CustomerState,
  type MembershipRecord,
} from './customer-state';
import { DAY_MS, stateRuleContext } from './state-rule-context';
import { evaluateRule } from '../rules/evaluate-rule';

/**
 * The reference semantics: state and memberships computed in one go from a customer's whole
 * (deduplicated) history. The incremental `applyEvent` must agree with it; reconciliation jobs
 * and tests compare the two.
 */
export function recomputeFromHistory(
  customerId: string,
  history: readonly AppliedEvent[],
  definitions: readonly SegmentDefinition[],
): {
  state: CustomerState;
  memberships: Record<string, Pick<MembershipRecord, 'definitionVersion'>>;
} {
  const unique = new Map<string, AppliedEvent>();
  for (const event of history) if (!unique.has(event.eventId)) unique.set(event.eventId, event);
  const events = [...unique.values()];
  const state = emptyCustomerState(customerId);
  if (events.length === 0) return { state, memberships: {} };

  const nowMs = Math.max(...events.map((e) => Date.parse(e.occurredAt)));
  const requirements = requirementsOf(definitions);
  state.version = events.length;
  state.lastEventAtMs = nowMs;
  for (const event of events) {
    state.totals[event.type] = (state.totals[event.type] ?? 0) + 1;
    const windowDays = requirements.get(event.type);
    const at = Date.parse(event.occurredAt);
    if (windowDays === undefined || at <= nowMs - windowDays * DAY_MS) continue;
    (state.events[event.type] ??= []).push([at, event.eventId]);
  }
  for (const [type, list] of Object.entries(state.events)) {
    list.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    state.events[type] = list.slice(-STATE_LIMITS.maxEventsPerType);
  }
  const context = stateRuleContext(state, nowMs);
  const memberships: Record<string, Pick<MembershipRecord, 'definitionVersion'>> = {};
  for (const definition of definitions) {
    if (evaluateRule(definition.rule, context).matched)
      memberships[definition.id] = { definitionVersion: definition.version };
  }
  return { state, memberships };
}
