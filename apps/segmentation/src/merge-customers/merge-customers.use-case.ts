import { InvalidInputError, PlatformError, type CustomerMergedV1 } from '@cip/contracts';
import {
  mergeCustomerStates,
  tombstoneMergedState,
  type ActiveDefinitions,
  type CustomerState,
  type MembershipChange,
  type MergeOutcome,
  type MergeTrigger,
} from '@cip/segmentation-domain';
import type {
  CustomerStateStore,
  MembershipPublisher,
  SegmentationRecords,
} from '../apply-contact-event/segmentation.ports';
import { updateHotState } from '../apply-contact-event/update-hot-state';

export type MergeCustomersResult =
  | { status: 'already-processed' }
  | { status: 'merged'; survivorId: string; changes: readonly MembershipChange[] };

/** A survivor merged away in turn is followed this many hops at most (a cycle is a bug). */
const MAX_SURVIVOR_HOPS = 10;

/**
 * Applies one `customer.merged`: each merged id's state becomes a tombstone (its memberships
 * exit), then their data is folded into the survivor, whose memberships are re-evaluated →
 * membership events (awaited) → durable rows in one transaction with the inbox claim.
 *
 * Every step is safe to repeat, as for contact events: a tombstone or a survivor that already
 * took this merge (its event id is in their recent set) reports the changes it produced, which are
 * republished with the same ids and recorded; a lost Redis is rebuilt from the snapshots.
 */
export class MergeCustomersUseCase {
  constructor(
    private readonly deps: {
      consumer: string;
      definitions: Pick<ActiveDefinitions, 'get'>;
      states: CustomerStateStore;
      records: SegmentationRecords;
      publisher: MembershipPublisher;
    },
  ) {}

  async execute(event: CustomerMergedV1): Promise<MergeCustomersResult> {
    const { consumer, records } = this.deps;
    if (event.payload.survivorId !== event.customerId) {
      throw new InvalidInputError('INVALID_MERGE', 'a merge is keyed by its survivor', {
        eventId: event.eventId,
      });
    }
    if (await records.isProcessed(consumer, event.eventId)) return { status: 'already-processed' };
    const definitions = await this.deps.definitions.get();
    const survivorId = await this.currentSurvivor(event.customerId);
    const merge: MergeTrigger = { eventId: event.eventId, survivorId };
    const mergedIds = [...new Set(event.payload.mergedIds)]
      .filter((id) => id !== survivorId)
      .sort();

    // Tombstones first: an event racing the merge is then either folded or routed, never lost.
    const tombstones: MergeOutcome[] = [];
    for (const id of mergedIds) {
      tombstones.push(
        await this.step(id, (current) => tombstoneMergedState(current, id, merge, definitions)),
      );
    }
    // A merged id that went to another survivor before has its data there already.
    const folded = tombstones
      .map((t) => t.newState)
      .filter((state) => state.mergedInto === survivorId);
    const survivor = await this.step(survivorId, (current) =>
      mergeCustomerStates(current, folded, definitions, merge),
    );

    const changes = [...tombstones.flatMap((t) => t.changes), ...survivor.changes];
    await this.deps.publisher.publish(changes, event);
    await records.recordMerge({
      consumer,
      eventId: event.eventId,
      states: [...folded, survivor.newState],
      changes,
    });
    return { status: 'merged', survivorId, changes };
  }

  private step(
    customerId: string,
    apply: (current: CustomerState | undefined) => MergeOutcome,
  ): Promise<MergeOutcome> {
    return updateHotState(this.deps, customerId, (current) => {
      const outcome = apply(current);
      return outcome.duplicate ? { result: outcome } : { result: outcome, write: outcome.newState };
    });
  }

  /** The survivor may itself have been merged since ingestion published this event. */
  private async currentSurvivor(customerId: string): Promise<string> {
    let id = customerId;
    for (let hop = 0; hop < MAX_SURVIVOR_HOPS; hop++) {
      const state = await this.load(id);
      if (state?.mergedInto === undefined) return id;
      id = state.mergedInto;
    }
    throw new PlatformError('MERGE_CYCLE', 'survivor chain too long or cyclic', { customerId });
  }

  private async load(customerId: string): Promise<CustomerState | undefined> {
    const hot = await this.deps.states.load(customerId);
    return hot?.state ?? (await this.deps.records.loadSnapshot(customerId));
  }
}
