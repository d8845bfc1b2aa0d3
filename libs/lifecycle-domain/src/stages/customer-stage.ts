import type { LifecycleStage, LifecycleStageChangedV1 } from '@cip/contracts';

/** A customer's current lifecycle stage; `version` grows by one per change (1 = first stage). */
export interface CustomerStage {
  customerId: string;
  stage: LifecycleStage;
  version: number;
  since: Date;
  membershipEventId: string;
}

/** One move between stages, as stored in the history and published. */
export interface StageChange {
  customerId: string;
  from: LifecycleStage | null;
  to: LifecycleStage;
  at: Date;
  /** The version after the change; the write expects `version - 1` (0 = no row yet). */
  version: number;
  membershipEventId: string;
  segmentId: string;
  reason: LifecycleStageChangedV1['payload']['reason'];
  event: LifecycleStageChangedV1;
}

export type StageHistoryEntry = Omit<StageChange, 'event' | 'customerId'> & { eventId: string };

/** The customer's stage once `change` is applied (what the store keeps as the current stage). */
export function stageAfter(change: StageChange): CustomerStage {
  return {
    customerId: change.customerId,
    stage: change.to,
    version: change.version,
    since: change.at,
    membershipEventId: change.membershipEventId,
  };
}
