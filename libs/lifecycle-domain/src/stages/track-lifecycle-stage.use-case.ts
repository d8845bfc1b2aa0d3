import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import { processedAmong } from '../evaluation/batch-lookups';
import { stageAfter, type CustomerStage, type StageChange } from './customer-stage';
import { decideStageChange, isStageEntry, type StageDecision } from './decide-stage-change';
import type {
  LifecycleStageStore,
  StageChangePublisher,
  StageRecord,
} from './lifecycle-stage.ports';

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
    const { result, record } = outcomeOf(
      membership.eventId,
      decideStageChange(current, membership),
    );
    if (record?.change) await this.deps.publisher.publish(record.change);
    if (record) await this.deps.store.record(record.eventId, record.change);
    return result;
  }

  /**
   * A partition batch in offset order, one result per change, with the results of `execute` on
   * each in turn: each customer's changes are decided in order against the stage its earlier
   * ones left. One inbox read, one stage read, one publish and one transaction for the batch.
   */
  async executeBatch(
    memberships: readonly SegmentMembershipChangedV1[],
  ): Promise<TrackStageResult[]> {
    const entries = memberships.filter(isStageEntry);
    if (entries.length === 0) return memberships.map(() => ({ status: 'ignored' }));
    const done = await processedAmong(this.deps.store, [...new Set(entries.map((m) => m.eventId))]);
    const stages = await this.currentOf([
      ...new Set(entries.filter((m) => !done.has(m.eventId)).map((m) => m.customerId)),
    ]);
    const seen = new Set<string>();
    const records: StageRecord[] = [];
    const results = memberships.map((membership): TrackStageResult => {
      if (!isStageEntry(membership)) return { status: 'ignored' };
      // A copy later in the batch finds the inbox row the first one is about to write.
      if (done.has(membership.eventId) || seen.has(membership.eventId))
        return { status: 'already-processed' };
      seen.add(membership.eventId);
      const current = stages.get(membership.customerId) ?? null;
      const { result, record } = outcomeOf(
        membership.eventId,
        decideStageChange(current, membership),
      );
      if (record?.change) stages.set(membership.customerId, stageAfter(record.change));
      if (record) records.push(record);
      return result;
    });
    const changes = records.flatMap((r) => (r.change ? [r.change] : []));
    if (changes.length > 0) await this.publishAll(changes);
    if (records.length > 0) await this.recordAll(records);
    return results;
  }

  private async currentOf(customerIds: readonly string[]): Promise<Map<string, CustomerStage>> {
    const { store } = this.deps;
    if (customerIds.length === 0) return new Map();
    if (store.currentOf) return new Map(await store.currentOf(customerIds));
    const stages = new Map<string, CustomerStage>();
    for (const id of customerIds) {
      const stage = await store.current(id);
      if (stage) stages.set(id, stage);
    }
    return stages;
  }

  private async publishAll(changes: readonly StageChange[]): Promise<void> {
    const { publisher } = this.deps;
    if (publisher.publishAll) return publisher.publishAll(changes);
    for (const change of changes) await publisher.publish(change);
  }

  private async recordAll(records: readonly StageRecord[]): Promise<void> {
    const { store } = this.deps;
    if (store.recordAll) return store.recordAll(records);
    for (const record of records) await store.record(record.eventId, record.change);
  }
}

/** What a decision returns and what it records (ignored changes record nothing). */
function outcomeOf(
  eventId: string,
  decision: StageDecision,
): { result: TrackStageResult; record?: StageRecord } {
  switch (decision.kind) {
    case 'not-a-stage':
    case 'exit':
      return { result: { status: 'ignored' } };
    case 'unchanged':
    case 'stale':
      return { result: { status: decision.kind }, record: { eventId, change: null } };
    case 'change':
      return {
        result: { status: 'changed', change: decision.change },
        record: { eventId, change: decision.change },
      };
  }
}
