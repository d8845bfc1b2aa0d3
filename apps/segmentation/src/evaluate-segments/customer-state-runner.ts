import {
  SegmentationError,
  type CustomerSegmentState,
  type MembershipChange,
  type SegmentCatalog,
} from '@cip/segmentation-domain';
import type {
  HotSegmentRecord,
  SegmentationJournal,
  SegmentStateSnapshot,
  SegmentStateStore,
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

export interface CustomerOutcome<R> {
  customerId: string;
  changes: readonly MembershipChange[];
  result: R;
  /** The state as stored (encoded, with its sequence), when this step wrote one. */
  written?: SegmentStateSnapshot | undefined;
}

/** Lost races before giving up: only a rebalance or a busy timer makes a customer contended. */
const MAX_ATTEMPTS = 8;

/**
 * Runs per-customer steps against the hot store with compare-and-set: one pipelined read, one
 * pipelined conditional write, and only the customers whose write lost a race are read and
 * computed again. A customer the hot store lost is restored from its durable snapshot (and the
 * sequence continues from the snapshot's, so later snapshots still replace it).
 *
 * Each customer is decoded, stepped and encoded in turn, and only its encoded write is kept:
 * a batch's decoded states (hundreds of small objects each) would otherwise all be alive
 * through the write's round trip, and every young-generation collection would copy them.
 */
export class CustomerStateRunner {
  constructor(
    private readonly store: SegmentStateStore,
    private readonly journal: SegmentationJournal,
  ) {}

  /** The hot read `run` starts with, issued early so it overlaps other work (`firstRead`). */
  readHot(customerIds: readonly string[]): Promise<Map<string, HotSegmentRecord>> {
    return this.store.readMany(customerIds);
  }

  /** A few stored fields per customer with a state (`SegmentStateStore.readStoredFields`). */
  readFields(
    customerIds: readonly string[],
    fields: readonly string[],
  ): Promise<Map<string, Record<string, string>>> {
    return this.store.readStoredFields(customerIds, fields);
  }

  /**
   * `firstRead` (from `readHot`) replaces the first attempt's read. A customer absent from it is
   * taken as not in the hot store: at worst its write loses the race and it is read again.
   */
  async run<R>(
    works: ReadonlyArray<CustomerWork<R>>,
    catalog: SegmentCatalog,
    firstRead?: ReadonlyMap<string, HotSegmentRecord>,
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
    read: ReadonlyMap<string, HotSegmentRecord> | undefined,
  ): Promise<Array<CustomerWork<R>>> {
    const ids = works.map((w) => w.customerId);
    const hot = read ?? (await this.store.readMany(ids));
    const missing = ids.filter((id) => !hot.has(id));
    const snapshots = await this.journal.loadSnapshots(missing, catalog);

    const computed = works.map((work) => {
      const record = hot.get(work.customerId);
      const snapshot = snapshots.get(work.customerId);
      const current = record
        ? this.store.decode(record, work.customerId, catalog)
        : snapshot?.state;
      const { write, changes, result } = work.step(current);
      const prepared =
        write &&
        this.store.prepareWrite(
          {
            state: write,
            expectedSeq: record?.seq,
            baseSeq: snapshot?.seq,
            previous: record?.stored,
            previousState: record && current,
          },
          catalog,
        );
      return { work, changes, result, prepared };
    });
    const writing = computed.flatMap((c) => (c.prepared ? [c.prepared] : []));
    const seqs = await this.store.writePrepared(writing);

    const retry: Array<CustomerWork<R>> = [];
    let at = 0;
    for (const { work, changes, result, prepared } of computed) {
      const { customerId } = work;
      if (prepared === undefined) {
        outcomes.push({ customerId, changes, result });
        continue;
      }
      const seq = seqs[at++];
      if (seq === null || seq === undefined) retry.push(work);
      else outcomes.push({ customerId, changes, result, written: { ...prepared.snapshot, seq } });
    }
    return retry;
  }
}
