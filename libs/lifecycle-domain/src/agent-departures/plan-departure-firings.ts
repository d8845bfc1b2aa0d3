import type { TriggerDefinition } from '../definitions/trigger-definition';
import { buildFiring } from '../evaluation/build-firing';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import type { FiringCause } from '../evaluation/firing-cause';
import { firingIds } from '../ids/deterministic-id';
import { UNKNOWN_PROFILE, type CustomerProfile } from '../severity/value-profile';
import { departureFiresAt, type AgentDeparture } from './agent-departure';
import type { DepartureSettlement } from './agent-departure.ports';

export interface DeparturePageInput {
  departure: AgentDeparture;
  customerIds: readonly string[];
  /** The enabled catalog; only `agent-departed` triggers are used. */
  definitions: readonly TriggerDefinition[];
  /** Missing customers have UNKNOWN_PROFILE. */
  profiles: ReadonlyMap<string, CustomerProfile>;
  now: Date;
}

/** The enabled triggers a departure fires (the built-in one is `service-agent-left`). */
export function departureTriggers(
  definitions: readonly TriggerDefinition[],
): readonly TriggerDefinition[] {
  return definitions.filter((d) => d.enabled && d.condition.kind === 'agent-departed');
}

/**
 * Every customer of the page gets every departure trigger, with no cooldown: "call every one of
 * that agent's customers" (domain.md §5) admits no suppression. Ids come from (customer, trigger,
 * departure), raisedAt from the departure, so a retried page rebuilds identical events. Without
 * an enabled departure trigger the customers are settled as skipped.
 */
export function planDepartureFirings(input: DeparturePageInput): DepartureSettlement[] {
  const triggers = departureTriggers(input.definitions);
  return input.customerIds.map((customerId) => {
    const profile = input.profiles.get(customerId) ?? UNKNOWN_PROFILE;
    const fired = triggers.map((definition) =>
      departureFiring(input.departure, customerId, definition, profile, input.now),
    );
    return { customerId, outcome: fired.length > 0 ? 'alerted' : 'skipped', fired };
  });
}

function departureFiring(
  departure: AgentDeparture,
  customerId: string,
  definition: TriggerDefinition,
  profile: CustomerProfile,
  now: Date,
): FiredTrigger {
  const cause = departureCause(departure, customerId);
  const ids = firingIds(customerId, definition.id, departure.departureId);
  const raisedAt = new Date(Math.min(cause.at.getTime(), now.getTime()));
  const fired = buildFiring(cause, definition, ids, raisedAt, profile);
  if (fired.alert) return fired;
  // A service trigger raises no attrition alert by itself; a departure's must be tracked to its
  // deadline like one (domain.md §5, and §4 names staff turnover as a churn cause), so the alert
  // is built as for an anti-attrition trigger while trigger.fired keeps the row's programme.
  const tracked = buildFiring(
    cause,
    { ...definition, programme: 'anti-attrition' },
    ids,
    raisedAt,
    profile,
  );
  return tracked.alert ? { ...fired, alert: tracked.alert } : fired;
}

function departureCause(departure: AgentDeparture, customerId: string): FiringCause {
  const successor = departure.successorAgentId;
  const summary =
    `Agent ${departure.agentId} left on ${departure.leftAt.toISOString()}` +
    (successor === null ? '' : `; successor ${successor}`);
  return {
    customerId,
    causingId: departure.departureId,
    correlationId: departure.departureId,
    at: departureFiresAt(departure),
    summary,
    evidence: {
      departureId: departure.departureId,
      agentId: departure.agentId,
      leftAt: departure.leftAt.toISOString(),
      successorAgentId: successor,
      ...(departure.reason === null ? {} : { departureReason: departure.reason }),
    },
  };
}
