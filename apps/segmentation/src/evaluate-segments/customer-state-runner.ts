import {
  SegmentationError,
  type CustomerSegmentState,
  type MembershipChange,
  type SegmentCatalog,
} from '@cip/segmentation-domain';
import type {
  SegmentationJournal,
  SegmentStateStore,
  StoredSegmentState,
} from './segment-state.ports';

/** What one customer's step decided: a state to write (if any), the changes to publish. */
export interface CustomerStep<R> {
  write?: CustomerSegmentState | undefined;
  changes: readonly MembershipChange[];
  result: R;
}

/** A pure function of the customer's current state; it runs again if another writer wins. */
export interface CustomerWork<R> {
  customerId: string;
  step(current: CustomerSegmentState | undefined): CustomerStep<R>;
}

export interface CustomerOutcome<R> extends CustomerStep<R> {
  customerId: string;
  /** The state as stored, with its sequence, when this step wrote one. */
  written?: StoredSegmentState | undefined;
}

/** Lost races before giving up: only a rebalance or a busy timer makes a customer contended. */
const MAX_ATTEMPTS = 8;

/**
 * Runs per-customer steps against the hot store with compare-and-set: one pipelined read, one
 * pipelined conditional write, and only the customers whose write lost a race are read and
 * computed again. A customer the hot store lost is restored from its durable snapshot (and the
 * sequence continues from the snapshot's, so later snapshots still replace it).
 */
export class CustomerStateRunner {
  constructor(
    private readonly store: SegmentStateStore,
    private readonly journal: SegmentationJournal,
  ) {}

  /** The hot read `run` starts with, issued early so it overlaps other work (`firstRead`). */
  readHot(
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState>> {
    return this.store.loadMany(customerIds, catalog);
  }

  /**
   * `firstRead` (from `readHot`) replaces the first attempt's read. A customer absent from it is
   * taken as not in the hot store: at worst its write loses the race and it is read again.
   */
  async run<R>(
    works: ReadonlyArray<CustomerWork<R>>,
    catalog: SegmentCatalog,
    firstRead?: ReadonlyMap<string, StoredSegmentState>,
  ): Promise<Array<CustomerOutcome<R>>> {
    const outcomes: Array<CustomerOutcome<R>> = [];
    let remaining = works;
    for (let attempt = 1; remaining.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new SegmentationError('STATE_CONTENDED', 'customer state kept changing under us', {
          customerIds: remaining.map((w) => w.customerId).slice(0, 10),
        });
      }
      const read = attempt === 1 ? firstRead : undefined;
      remaining = await this.attempt(remaining, catalog, outcomes, read);
    }
    return outcomes;
  }

  private async attempt<R>(
    works: ReadonlyArray<CustomerWork<R>>,
    catalog: SegmentCatalog,
    outcomes: Array<CustomerOutcome<R>>,
    read: ReadonlyMap<string, StoredSegmentState> | undefined,
  ): Promise<Array<CustomerWork<R>>> {
    const ids = works.map((w) => w.customerId);
    const hot = read ?? (await this.store.loadMany(ids, catalog));
    const missing = ids.filter((id) => !hot.has(id));
    const snapshots = await this.journal.loadSnapshots(missing, catalog);

    const computed = works.map((work) => {
      const stored = hot.get(work.customerId);
      const snapshot = snapshots.get(work.customerId);
      const step = work.step((stored ?? snapshot)?.state);
      return { work, stored, snapshot, step };
    });
    const writing = computed.filter((c) => c.step.write !== undefined);
    const seqs = await this.store.writeMany(
      writing.map((c) => ({
        state: c.step.write!,
        expectedSeq: c.stored?.seq,
        baseSeq: c.snapshot?.seq,
        previous: c.stored?.stored,
        previousState: c.stored?.state,
      })),
      catalog,
    );

    const retry: Array<CustomerWork<R>> = [];
    const seqOf = new Map(writing.map((c, i) => [c, seqs[i]] as const));
    for (const c of computed) {
      const { customerId } = c.work;
      if (c.step.write === undefined) {
        outcomes.push({ customerId, ...c.step });
        continue;
      }
      const seq = seqOf.get(c);
      if (seq === null || seq === undefined) retry.push(c.work);
      else outcomes.push({ customerId, ...c.step, written: { state: c.step.write, seq } });
    }
    return retry;
  }
}
