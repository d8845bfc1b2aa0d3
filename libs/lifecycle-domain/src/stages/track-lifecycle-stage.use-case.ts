import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import type { StageChange } from './customer-stage';
import { decideStageChange, isStageEntry } from './decide-stage-change';
import type { LifecycleStageStore, StageChangePublisher } from './lifecycle-stage.ports';

export type TrackStageResult =
  | { status: 'ignored' }
  | { status: 'already-processed' }
  | { status: 'unchanged' }
  | { status: 'stale' }
  | { status: 'changed'; change: StageChange };

/**
 * One membership change → at most one stage transition. Same order as raising alerts: publish
 * (awaiting acks), then commit the stage, its history and the inbox row together. A crash in
 * between redelivers the change, which rebuilds the same event id; a redelivery after the commit
 * is dropped by the inbox, so an old entry can never move the customer back.
 */
export class TrackLifecycleStageUseCase {
  constructor(
    private readonly deps: { store: LifecycleStageStore; publisher: StageChangePublisher },
  ) {}

  async execute(membership: SegmentMembershipChangedV1): Promise<TrackStageResult> {
    // Most membership changes are about other segments: no database work for those.
    if (!isStageEntry(membership)) return { status: 'ignored' };
    if (await this.deps.store.isProcessed(membership.eventId))
      return { status: 'already-processed' };
    const current = await this.deps.store.current(membership.customerId);
    const decision = decideStageChange(current, membership);
    switch (decision.kind) {
      case 'not-a-stage':
      case 'exit':
        return { status: 'ignored' };
      case 'unchanged':
      case 'stale':
        await this.deps.store.record(membership.eventId, null);
        return { status: decision.kind };
      case 'change':
        await this.deps.publisher.publish(decision.change);
        await this.deps.store.record(membership.eventId, decision.change);
        return { status: 'changed', change: decision.change };
    }
  }
}
