import { InvalidInputError, PlatformError, type CustomerMergedV1 } from '@cip/contracts';
import {
  encodeSegmentStateSnapshot,
  mergeSegmentStates,
  SegmentationError,
  type CustomerSegmentState,
  type MembershipChange,
  type SegmentCatalog,
} from '@cip/segmentation-domain';
import type { CustomerOutcome } from '../evaluate-segments/customer-state-runner';
import type { MembershipRecorder } from '../evaluate-segments/membership-recorder';
import type {
  SegmentationJournal,
  SegmentCatalogProvider,
  SegmentStateStore,
  StoredSegmentState,
} from '../evaluate-segments/segment-state.ports';

export type MergeCustomersResult =
  | { status: 'already-processed' }
  | { status: 'merged'; survivorId: string; changes: readonly MembershipChange[] };

/** A survivor merged away in turn is followed this many hops at most (a cycle is a bug). */
const MAX_SURVIVOR_HOPS = 10;
const MAX_ATTEMPTS = 8;

/**
 * Applies one `customer.merged`: the merged ids' features fold into the survivor (re-evaluated),
 * each merged id becomes a tombstone whose memberships exit with cause 'merge', all written to
 * the hot store at once (all or nothing) → membership events → one durable transaction with the
 * inbox claim. A repeat finds the tombstones pointing at the survivor and republishes their
 * pending changes (same ids) instead of folding twice.
 */
export class MergeCustomersUseCase {
  constructor(
    private readonly deps: {
      consumer: string;
      catalogs: SegmentCatalogProvider;
      store: SegmentStateStore;
      journal: SegmentationJournal;
      recorder: MembershipRecorder;
      clock: () => number;
    },
  ) {}

  async execute(event: CustomerMergedV1): Promise<MergeCustomersResult> {
    const { consumer, journal } = this.deps;
    if (event.payload.survivorId !== event.customerId) {
      throw new InvalidInputError('INVALID_MERGE', 'a merge is keyed by its survivor', {
        eventId: event.eventId,
      });
    }
    if ((await journal.processed(consumer, [event.eventId])).size > 0)
      return { status: 'already-processed' };
    const catalog = await this.deps.catalogs.get();

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const survivorId = await this.currentSurvivor(event.customerId, catalog);
      const mergedIds = [...new Set(event.payload.mergedIds)]
        .filter((id) => id !== survivorId)
        .sort();
      const loaded = await this.load([survivorId, ...mergedIds], catalog);
      const outcome = mergeSegmentStates({
        survivorId,
        survivor: loaded.get(survivorId)?.state,
        merged: mergedIds.map((id) => loaded.get(id)?.state),
        mergedIds,
        catalog,
        nowMs: this.deps.clock(),
        trigger: { eventId: event.eventId, correlationId: event.correlationId },
      });
      const results = [
        { customerId: survivorId, ...outcome.survivor },
        ...mergedIds.map((customerId, i) => ({ customerId, ...outcome.merged[i]! })),
      ];
      const writing = results.filter((r) => !r.duplicate);
      const seqs = await this.deps.store.writeAll(
        writing.map((r) => ({
          state: r.state,
          expectedSeq: loaded.get(r.customerId)?.hot ? loaded.get(r.customerId)?.seq : undefined,
          baseSeq: loaded.get(r.customerId)?.seq,
        })),
        catalog,
      );
      if (seqs === null) continue;
      const outcomes: Array<CustomerOutcome<null>> = results.map((r) => {
        const at = writing.indexOf(r);
        return {
          customerId: r.customerId,
          changes: r.changes,
          result: null,
          ...(at >= 0
            ? { written: { ...encodeSegmentStateSnapshot(r.state), seq: seqs[at]! } }
            : {}),
        };
      });
      const changes = await this.deps.recorder.publishAndRecord(outcomes, {
        consumer,
        eventIds: [event.eventId],
        correlationOf: () => event.correlationId,
      });
      return { status: 'merged', survivorId, changes };
    }
    throw new SegmentationError('STATE_CONTENDED', 'merged customers kept changing under us', {
      eventId: event.eventId,
    });
  }

  /** Hot states, or the durable snapshot of those the hot store lost (`hot: false`). */
  private async load(
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState & { hot: boolean }>> {
    const hot = await this.deps.store.loadMany(customerIds, catalog);
    const missing = customerIds.filter((id) => !hot.has(id));
    const snapshots = await this.deps.journal.loadSnapshots(missing, catalog);
    const all = new Map<string, StoredSegmentState & { hot: boolean }>();
    for (const [id, stored] of hot) all.set(id, { ...stored, hot: true });
    for (const [id, stored] of snapshots) all.set(id, { ...stored, hot: false });
    return all;
  }

  /** The survivor may itself have been merged since ingestion published this event. */
  private async currentSurvivor(customerId: string, catalog: SegmentCatalog): Promise<string> {
    let id = customerId;
    for (let hop = 0; hop < MAX_SURVIVOR_HOPS; hop++) {
      const state: CustomerSegmentState | undefined = (await this.load([id], catalog)).get(
        id,
      )?.state;
      if (state?.mergedInto === undefined) return id;
      id = state.mergedInto;
    }
    throw new PlatformError('MERGE_CYCLE', 'survivor chain too long or cyclic', { customerId });
  }
}
