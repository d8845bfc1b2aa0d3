import type { MembershipChange } from '@cip/segmentation-domain';
import type { CustomerOutcome } from './customer-state-runner';
import {
  JOURNAL_GROUP_MAX_ROWS,
  type JournalEntry,
  type MembershipChangePublisher,
  type SegmentationJournal,
  type SegmentStateStore,
} from './segment-state.ports';

/** The durable part of one publication: its journal entry, then its changes leave the pending lists. */
export interface RecordWork {
  entry: JournalEntry;
  pending: ReadonlyArray<{ customerId: string; changeIds: readonly string[] }>;
}

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
  ): Promise<{ changes: MembershipChange[]; record: () => Promise<void>; work: RecordWork }> {
    const changes = outcomes.flatMap((o) => o.changes);
    await this.deps.publisher.publish(changes, options.correlationOf ?? (() => undefined));
    const states = outcomes.flatMap((o) =>
      o.written && (!options.changedSnapshotsOnly || o.changes.length > 0) ? [o.written] : [],
    );
    const eventIds = options.eventIds ?? [];
    const pending = outcomes
      .filter((o) => o.changes.length > 0)
      .map((o) => ({ customerId: o.customerId, changeIds: o.changes.map((c) => c.eventId) }));
    const work: RecordWork = {
      entry: { consumer: options.consumer, eventIds, states, changes },
      pending,
    };
    return { changes, record: () => this.recordAll([work]), work };
  }

  /**
   * Records several publications' work as one: a single journal entry (one transaction), then
   * one round trip clearing their pending changes. In order, so the last change still decides;
   * idempotent, as each part is. Only for works `canRecordTogether` accepts.
   */
  async recordAll(works: readonly RecordWork[]): Promise<void> {
    const entry = works.length === 1 ? works[0]!.entry : mergedEntry(works);
    if (entry.states.length > 0 || entry.changes.length > 0 || entry.eventIds.length > 0) {
      await this.deps.journal.record(entry);
    }
    await this.deps.store.clearPending(works.flatMap((work) => work.pending));
  }
}

/**
 * Whether these works may be recorded as one entry: one consumer's inbox claims, and no more
 * rows of any kind than one journal transaction takes (`JOURNAL_GROUP_MAX_ROWS`).
 */
export function canRecordTogether(works: readonly RecordWork[]): boolean {
  const consumer = works[0]?.entry.consumer;
  let states = 0;
  let changes = 0;
  let claims = 0;
  for (const { entry } of works) {
    if (entry.consumer !== consumer) return false;
    states += entry.states.length;
    changes += entry.changes.length;
    claims += entry.eventIds.length;
  }
  return Math.max(states, changes, claims) <= JOURNAL_GROUP_MAX_ROWS;
}

function mergedEntry(works: readonly RecordWork[]): JournalEntry {
  return {
    consumer: works[0]?.entry.consumer,
    eventIds: works.flatMap((work) => work.entry.eventIds),
    states: works.flatMap((work) => work.entry.states),
    changes: works.flatMap((work) => work.entry.changes),
  };
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
