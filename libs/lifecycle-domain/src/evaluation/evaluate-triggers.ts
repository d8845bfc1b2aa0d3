import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import { UNKNOWN_PROFILE, type CustomerProfile } from '../severity/value-profile';
import { membershipSignal } from '../triggers/lifecycle-signal';
import { matchesCondition } from '../triggers/match-condition';
import { fireUnlessCooling } from './build-firing';
import type { CooldownLookup } from './cooldown.port';
import type { FiringCandidate } from './fire-candidates';
import type { FiredTrigger } from './fired-trigger';
import type { FiringCause } from './firing-cause';

/**
 * Evaluates the enabled triggers against one membership change and returns those that fire.
 * `raisedAt` is the change's own time (clamped to `now` against producer clock skew), not the
 * processing time: a redelivery or a replay then builds byte-identical events with the same
 * deterministic ids, and cooldown windows mean the same thing live and in a backfill.
 */
export async function evaluateTriggers(
  change: SegmentMembershipChangedV1,
  definitions: readonly TriggerDefinition[],
  cooldown: CooldownLookup,
  now: Date,
  profile: CustomerProfile = UNKNOWN_PROFILE,
): Promise<FiredTrigger[]> {
  const signal = membershipSignal(change);
  const cause = membershipCause(change);
  const fired: FiredTrigger[] = [];
  // Sorted so the order of publications does not depend on the catalog's load order.
  for (const definition of sortedById(definitions)) {
    if (!definition.enabled || !matchesCondition(definition.condition, signal)) continue;
    const firing = await fireUnlessCooling(cause, definition, cooldown, now, profile);
    if (firing) fired.push(firing);
  }
  return fired;
}

/** The enabled triggers `change` satisfies, by id, before their cooldowns are asked. */
export function membershipCandidates(
  change: SegmentMembershipChangedV1,
  definitions: readonly TriggerDefinition[],
): FiringCandidate[] {
  const signal = membershipSignal(change);
  const cause = membershipCause(change);
  return sortedById(definitions)
    .filter((d) => d.enabled && matchesCondition(d.condition, signal))
    .map((definition) => ({ definition, cause }));
}

export function membershipCause(change: SegmentMembershipChangedV1): FiringCause {
  return {
    customerId: change.customerId,
    causingId: change.eventId,
    // The chain keeps its original correlation; the membership change is the direct cause.
    correlationId: change.correlationId ?? change.eventId,
    at: new Date(change.occurredAt),
    summary: change.payload.reason.summary,
    evidence: {
      ...change.payload.reason.values,
      segmentId: change.payload.segmentId,
      segmentDefinitionVersion: change.payload.definitionVersion,
      membershipEventId: change.eventId,
    },
  };
}

export function sortedById(definitions: readonly TriggerDefinition[]): TriggerDefinition[] {
  return [...definitions].sort((a, b) => a.id.localeCompare(b.id));
}
