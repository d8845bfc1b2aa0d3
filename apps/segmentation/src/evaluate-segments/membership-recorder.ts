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
    options: RecordOptions = {},
  ): Promise<MembershipChange[]> {
    const { changes, record } = await this.publish(outcomes, options);
    await record();
    return changes;
  }

  /**
   * Publishes the changes and resolves once the broker acknowledged them; `record` does the rest
   * (journal, then clearing the recorded pending changes). It can run later, overlapping the next
   * batch, and again after a failure: every step is idempotent.
   */
  async publish(
    outcomes: ReadonlyArray<CustomerOutcome<unknown>>,
    options: RecordOptions = {},
  ): Promise<{ changes: MembershipChange[]; record: () => Promise<void> }> {
    const changes = outcomes.flatMap((o) => o.changes);
    await this.deps.publisher.publish(changes, options.correlationOf ?? (() => undefined));
    const states = outcomes.flatMap((o) =>
      o.written && (!options.changedSnapshotsOnly || o.changes.length > 0) ? [o.written] : [],
    );
    const eventIds = options.eventIds ?? [];
    const pending = outcomes
      .filter((o) => o.changes.length > 0)
      .map((o) => ({ customerId: o.customerId, changeIds: o.changes.map((c) => c.eventId) }));
    const record = async (): Promise<void> => {
      if (states.length > 0 || changes.length > 0 || eventIds.length > 0) {
        await this.deps.journal.record({ consumer: options.consumer, eventIds, states, changes });
      }
      await this.deps.store.clearPending(pending);
    };
    return { changes, record };
  }
}

export interface RecordOptions {
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
}
