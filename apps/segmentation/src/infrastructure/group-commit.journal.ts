import type { SegmentCatalog } from '@cip/segmentation-domain';
import {
  JOURNAL_GROUP_MAX_ROWS,
  type JournalEntry,
  type SegmentationJournal,
  type StoredSegmentState,
} from '../evaluate-segments/segment-state.ports';
import { mergeJournalEntries, type GroupWritableJournal } from './journal-group';

interface Waiting {
  entry: JournalEntry;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent `record` calls (partition batches, timers, backfills) share one
 * transaction. An idle journal writes at once (no linger); entries arriving while a transaction
 * runs wait and are merged into the next one, so Postgres pays one commit and one set of
 * statements per group instead of per batch. A caller's promise settles with the transaction
 * that held its entry. A failed group is written again entry by entry, so an entry Postgres
 * refuses fails only its own batch, not every batch it happened to be grouped with.
 */
export class GroupCommitJournal implements SegmentationJournal {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly inner: GroupWritableJournal,
    private readonly maxRows: number = JOURNAL_GROUP_MAX_ROWS,
  ) {}

  processed(consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
    return this.inner.processed(consumer, eventIds);
  }

  loadSnapshots(
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState>> {
    return this.inner.loadSnapshots(customerIds, catalog);
  }

  record(entry: JournalEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  /** One transaction at a time, each taking everything queued (up to the bound). */
  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) await this.commit(this.takeGroup());
    } finally {
      this.writing = false;
    }
  }

  /** The longest prefix of the queue within the bound; an oversized entry goes alone, whole. */
  private takeGroup(): Waiting[] {
    let states = 0;
    let changes = 0;
    let claims = 0;
    let count = 0;
    for (const { entry } of this.queue) {
      states += entry.states.length;
      changes += entry.changes.length;
      claims += entry.eventIds.length;
      const over = states > this.maxRows || changes > this.maxRows || claims > this.maxRows;
      if (over && count > 0) break;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  /** Settles every caller of the group; never throws. */
  private async commit(group: readonly Waiting[]): Promise<void> {
    try {
      await this.inner.recordGroup(mergeJournalEntries(group.map((w) => w.entry)));
      for (const waiting of group) waiting.resolve();
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else await Promise.all(group.map((waiting) => this.commit([waiting])));
    }
  }
}
