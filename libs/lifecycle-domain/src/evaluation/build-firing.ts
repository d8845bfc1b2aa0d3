import { ATTRITION_ALERT_RAISED, TRIGGER_FIRED } from '@cip/contracts';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import { firingIds } from '../ids/deterministic-id';
import { decideSeverity } from '../severity/decide-severity';
import type { CustomerProfile } from '../severity/value-profile';
import type { CooldownLookup, CooldownRequest } from './cooldown.port';
import type { AlertRecord, FiredTrigger } from './fired-trigger';
import type { FiringCause } from './firing-cause';

const HOUR_MS = 3_600_000;
const SOURCE = 'lifecycle';

/**
 * The firing of `definition` for `cause`, or undefined while the (customer, trigger) pair cools
 * down. raisedAt is the cause's time clamped to `now` (producer clock skew), so live processing,
 * redeliveries and replays agree.
 */
export async function fireUnlessCooling(
  cause: FiringCause,
  definition: TriggerDefinition,
  cooldown: CooldownLookup,
  now: Date,
  profile: CustomerProfile,
): Promise<FiredTrigger | undefined> {
  const prepared = prepareFiring(cause, definition, now);
  const cooling =
    prepared.cooldown !== undefined && (await cooldown.isCoolingDown(prepared.cooldown));
  return cooling
    ? undefined
    : buildFiring(cause, definition, prepared.ids, prepared.raisedAt, profile);
}

/** A firing's ids, its raisedAt and, when its trigger has a cooldown, the question to ask. */
export interface PreparedFiring {
  ids: ReturnType<typeof firingIds>;
  raisedAt: Date;
  cooldown?: CooldownRequest;
}

export function prepareFiring(
  cause: FiringCause,
  definition: TriggerDefinition,
  now: Date,
): PreparedFiring {
  const ids = firingIds(cause.customerId, definition.id, cause.causingId);
  const raisedAt = new Date(Math.min(cause.at.getTime(), now.getTime()));
  if (definition.cooldownMs <= 0) return { ids, raisedAt };
  return {
    ids,
    raisedAt,
    cooldown: {
      customerId: cause.customerId,
      triggerId: definition.id,
      alertId: ids.alertId,
      raisedAt,
      cooldownMs: definition.cooldownMs,
      now,
    },
  };
}

export function buildFiring(
  cause: FiringCause,
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
  const reason = truncate(`${definition.description}. ${cause.summary}`, 500);
  const envelope = {
    version: 1 as const,
    occurredAt: raisedAt.toISOString(),
    customerId: cause.customerId,
    source: SOURCE,
    correlationId: cause.correlationId,
    causationId: cause.causingId,
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
    ...cause.evidence,
    satisfaction: profile.satisfaction,
  };
  const suggestedStrategy = truncate(definition.suggestedStrategy, 200);
  const record: AlertRecord = {
    alertId: ids.alertId,
    customerId: cause.customerId,
    triggerId: definition.id,
    severity,
    reason,
    evidence,
    suggestedStrategy,
    valueTier: profile.valueTier,
    raisedAt,
    deadline,
    causedByEventId: cause.causingId,
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
