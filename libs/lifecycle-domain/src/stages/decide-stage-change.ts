import {
  LIFECYCLE_STAGE_CHANGED,
  type LifecycleStage,
  type SegmentMembershipChangedV1,
} from '@cip/contracts';
import { deterministicId } from '../ids/deterministic-id';
import type { CustomerStage, StageChange } from './customer-stage';
import { stageOfSegment } from './lifecycle-stage.catalog';

export type StageDecision =
  | { kind: 'not-a-stage' }
  /** Leaving a stage segment moves nobody: the customer is in the stage entered last. */
  | { kind: 'exit' }
  | { kind: 'unchanged'; stage: LifecycleStage }
  /** Older than the current stage's start: a late replay must not move the customer back. */
  | { kind: 'stale' }
  | { kind: 'change'; change: StageChange };

/** Is this membership change about a lifecycle-stage segment at all (cheap, no state needed)? */
export function isStageEntry(change: SegmentMembershipChangedV1): boolean {
  return (
    change.payload.change === 'entered' && stageOfSegment(change.payload.segmentId) !== undefined
  );
}

/** What a membership change does to the customer's stage. Pure; ids are deterministic. */
export function decideStageChange(
  current: CustomerStage | null,
  membership: SegmentMembershipChangedV1,
): StageDecision {
  const to = stageOfSegment(membership.payload.segmentId);
  if (to === undefined) return { kind: 'not-a-stage' };
  if (membership.payload.change === 'exited') return { kind: 'exit' };
  if (current?.stage === to) return { kind: 'unchanged', stage: to };
  const at = new Date(membership.occurredAt);
  if (current && at.getTime() < current.since.getTime()) return { kind: 'stale' };

  const version = (current?.version ?? 0) + 1;
  const from = current?.stage ?? null;
  const reason = {
    summary: membership.payload.reason.summary,
    values: membership.payload.reason.values,
  };
  return {
    kind: 'change',
    change: {
      customerId: membership.customerId,
      from,
      to,
      at,
      version,
      membershipEventId: membership.eventId,
      segmentId: membership.payload.segmentId,
      reason,
      event: {
        eventId: deterministicId(
          'lifecycle-stage-changed',
          membership.customerId,
          membership.eventId,
        ),
        type: LIFECYCLE_STAGE_CHANGED,
        version: 1,
        occurredAt: at.toISOString(),
        customerId: membership.customerId,
        source: 'lifecycle',
        correlationId: membership.correlationId ?? membership.eventId,
        causationId: membership.eventId,
        payload: {
          from,
          to,
          at: at.toISOString(),
          stageVersion: version,
          membershipEventId: membership.eventId,
          segmentId: membership.payload.segmentId,
          reason,
        },
      },
    },
  };
}
