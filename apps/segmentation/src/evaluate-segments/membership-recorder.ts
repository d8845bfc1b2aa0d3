import type { MembershipChange } from '@cip/segmentation-domain';
import type { CustomerOutcome } from './customer-state-runner';
import type {
  MembershipChangePublisher,
  SegmentationJournal,
  SegmentStateStore,
} from './segment-state.ports';

/**
 * The tail every state change shares (events, timers, backfills, merges): publish the
 * membership changes (acks=all) → record states, changes and inbox claims durably in one
 * transaction → drop the recorded changes from the hot pending lists. Publishing first means a
 * crash can repeat a publication (same ids, dropped downstream) but never lose one.
 */
export class MembershipRecorder {
  constructor(
    private readonly deps: {
      store: SegmentStateStore;
      journal: SegmentationJournal;
      publisher: MembershipChangePublisher;
    },
  ) {}

  async publishAndRecord(
    outcomes: ReadonlyArray<CustomerOutcome<unknown>>,
    options: {
      consumer?: string | undefined;
      eventIds?: readonly string[];
      correlationOf?: (triggeringEventId: string) => string | undefined;
      /**
       * Snapshot only the customers whose memberships changed. For re-evaluations (timers,
       * backfills), where the rest differ from their snapshot only in derived fields (catalog key,
       * next due instant) that a restore recomputes: a million-customer backfill then writes
       * only its changes to Postgres.
       */
      changedSnapshotsOnly?: boolean;
    } = {},
  ): Promise<MembershipChange[]> {
    const changes = outcomes.flatMap((o) => o.changes);
    await this.deps.publisher.publish(changes, options.correlationOf ?? (() => undefined));
    const states = outcomes.flatMap((o) =>
      o.written && (!options.changedSnapshotsOnly || o.changes.length > 0) ? [o.written] : [],
    );
    const eventIds = options.eventIds ?? [];
    if (states.length > 0 || changes.length > 0 || eventIds.length > 0) {
      await this.deps.journal.record({ consumer: options.consumer, eventIds, states, changes });
    }
    await this.deps.store.clearPending(
      outcomes
        .filter((o) => o.changes.length > 0)
        .map((o) => ({ customerId: o.customerId, changeIds: o.changes.map((c) => c.eventId) })),
    );
    return changes;
  }
}
