import {
  ATTRITION_ALERT_RAISED,
  TRIGGER_FIRED,
  type SegmentMembershipChangedV1,
} from '@cip/contracts';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import { firingIds } from '../ids/deterministic-id';
import { decideSeverity } from '../severity/decide-severity';
import { UNKNOWN_PROFILE, type CustomerProfile } from '../severity/value-profile';
import { membershipSignal } from '../triggers/lifecycle-signal';
import { matchesCondition } from '../triggers/match-condition';
import type { CooldownLookup } from './cooldown.port';
import type { AlertRecord, FiredTrigger } from './fired-trigger';

const HOUR_MS = 3_600_000;
const SOURCE = 'lifecycle';

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
  const raisedAt = new Date(Math.min(Date.parse(change.occurredAt), now.getTime()));
  const fired: FiredTrigger[] = [];
  // Sorted so the order of publications does not depend on the catalog's load order.
  for (const definition of [...definitions].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!definition.enabled || !matchesCondition(definition.condition, signal)) continue;
    const ids = firingIds(change.customerId, definition.id, change.eventId);
    const cooling =
      definition.cooldownMs > 0 &&
      (await cooldown.isCoolingDown({
        customerId: change.customerId,
        triggerId: definition.id,
        alertId: ids.alertId,
        raisedAt,
        cooldownMs: definition.cooldownMs,
        now,
      }));
    if (cooling) continue;
    fired.push(buildFiring(change, definition, ids, raisedAt, profile));
  }
  return fired;
}

function buildFiring(
  change: SegmentMembershipChangedV1,
  definition: TriggerDefinition,
  ids: ReturnType<typeof firingIds>,
  raisedAt: Date,
  profile: CustomerProfile,
): FiredTrigger {
  const severity = decideSeverity(definition.severityRule, profile);
  const deadline =
    definition.deadlineHours === null
      ? null
      : new Date(raisedAt.getTime() + definition.deadlineHours * HOUR_MS);
  const reason = truncate(`${definition.description}. ${change.payload.reason.summary}`, 500);
  const envelope = {
    version: 1 as const,
    occurredAt: raisedAt.toISOString(),
    customerId: change.customerId,
    source: SOURCE,
    // The chain keeps its original correlation; the membership change is the direct cause.
    correlationId: change.correlationId ?? change.eventId,
    causationId: change.eventId,
  };
  const firing: FiredTrigger = {
    triggerId: definition.id,
    severity,
    raisedAt,
    deadline,
    triggerFired: {
      ...envelope,
      eventId: ids.triggerFiredEventId,
      type: TRIGGER_FIRED,
      payload: { triggerId: definition.id, programme: definition.programme, severity, reason },
    },
  };
  if (definition.programme !== 'anti-attrition') return firing;

  const evidence: AlertRecord['evidence'] = {
    ...change.payload.reason.values,
    segmentId: change.payload.segmentId,
    segmentDefinitionVersion: change.payload.definitionVersion,
    membershipEventId: change.eventId,
    satisfaction: profile.satisfaction,
  };
  const suggestedStrategy = truncate(definition.suggestedStrategy, 200);
  const record: AlertRecord = {
    alertId: ids.alertId,
    customerId: change.customerId,
    triggerId: definition.id,
    severity,
    reason,
    evidence,
    suggestedStrategy,
    valueTier: profile.valueTier,
    raisedAt,
    deadline,
    causedByEventId: change.eventId,
  };
  firing.alert = {
    record,
    event: {
      ...envelope,
      eventId: ids.alertEventId,
      type: ATTRITION_ALERT_RAISED,
      payload: {
        alertId: ids.alertId,
        triggerId: definition.id,
        reason,
        severity,
        valueTier: profile.valueTier,
        suggestedStrategy,
        ...(deadline ? { deadline: deadline.toISOString() } : {}),
        evidence,
      },
    },
  };
  return firing;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
