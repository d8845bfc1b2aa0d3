import type { ContactEvent } from '@cip/contracts';
import {
  buildSegmentCatalog,
  decodeSegmentStateHash,
  encodeSegmentStateHash,
  encodeSegmentStateSnapshot,
  parseCondition,
  type CatalogSegment,
  type CustomerSegmentState,
  type MembershipChange,
  type SegmentCatalog,
} from '@cip/segmentation-domain';
import type {
  HotSegmentRecord,
  JournalEntry,
  MembershipChangePublisher,
  SegmentationJournal,
  PreparedStateWrite,
  SegmentCatalogProvider,
  SegmentStateSnapshot,
  SegmentStateStore,
  SegmentStateWrite,
  StoredSegmentState,
} from './evaluate-segments/segment-state.ports';

/** 2 complaints or more within 30 days. */
export const REPEATED_COMPLAINERS: CatalogSegment = {
  id: 'repeated-complainers',
  version: 1,
  code: 1,
  name: 'Repeated complainers',
  strategy: 'win back',
  condition: parseCondition({
    kind: 'compare',
    op: '>=',
    left: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 30 } },
    right: 2,
  }),
};

export function catalogOf(...active: CatalogSegment[]): SegmentCatalog {
  return buildSegmentCatalog({ active });
}

export class FakeCatalogs implements SegmentCatalogProvider {
  constructor(public catalog: SegmentCatalog) {}
  get(): Promise<SegmentCatalog> {
    return Promise.resolve(this.catalog);
  }
  refresh(): Promise<SegmentCatalog> {
    return this.get();
  }
}

/** In-memory hot store with the same compare-and-set rules as the Redis one. */
export class FakeStore implements SegmentStateStore {
  readonly states = new Map<string, StoredSegmentState>();
  /** Called before each conditional write: tests use it to race another writer. */
  beforeWrite: ((customerId: string) => void) | undefined;

  /** What each record read decodes to: the state as it was when read. */
  private readonly readStates = new WeakMap<HotSegmentRecord, CustomerSegmentState>();

  readMany(ids: readonly string[]): Promise<Map<string, HotSegmentRecord>> {
    const found = new Map<string, HotSegmentRecord>();
    for (const id of ids) {
      const stored = this.states.get(id);
      if (!stored) continue;
      // The stored fields as the real store reads them (the inert-event check looks at them).
      const record: HotSegmentRecord = {
        seq: stored.seq,
        stored: encodeSegmentStateHash(stored.state),
      };
      this.readStates.set(record, structuredClone(stored.state));
      found.set(id, record);
    }
    return Promise.resolve(found);
  }

  readStoredFieldsCalls = 0;

  readStoredFields(
    ids: readonly string[],
    fields: readonly string[],
  ): Promise<Map<string, Record<string, string>>> {
    this.readStoredFieldsCalls++;
    const found = new Map<string, Record<string, string>>();
    for (const id of ids) {
      const stored = this.states.get(id);
      if (!stored) continue;
      const hash = encodeSegmentStateHash(stored.state);
      found.set(
        id,
        Object.fromEntries(fields.filter((f) => hash[f] !== undefined).map((f) => [f, hash[f]!])),
      );
    }
    return Promise.resolve(found);
  }

  decode(record: HotSegmentRecord): CustomerSegmentState {
    const state = this.readStates.get(record);
    if (state === undefined) throw new Error('a record this store did not read');
    return state;
  }

  async loadMany(ids: readonly string[]): Promise<Map<string, StoredSegmentState>> {
    const found = new Map<string, StoredSegmentState>();
    for (const [id, record] of await this.readMany(ids))
      found.set(id, { ...record, state: this.decode(record) });
    return found;
  }

  /** Whole states: a superset of any field selection. */
  async loadFields(ids: readonly string[]): Promise<Map<string, CustomerSegmentState>> {
    const found = new Map<string, CustomerSegmentState>();
    for (const [id, { state }] of await this.loadMany(ids)) found.set(id, state);
    return found;
  }

  writeMany(writes: readonly SegmentStateWrite[]): Promise<Array<number | null>> {
    return Promise.resolve(writes.map((write) => this.writeOne(write)));
  }

  prepareWrite(write: SegmentStateWrite): FakePreparedWrite {
    return {
      customerId: write.state.features.customerId,
      snapshot: encodeSegmentStateSnapshot(write.state),
      write: { ...write, state: structuredClone(write.state) },
    };
  }

  writePrepared(writes: readonly PreparedStateWrite[]): Promise<Array<number | null>> {
    return this.writeMany(
      writes.map((prepared) => {
        if (!('write' in prepared)) throw new Error('a write another store prepared');
        return (prepared as FakePreparedWrite).write;
      }),
    );
  }

  writeAll(writes: readonly SegmentStateWrite[]): Promise<number[] | null> {
    const ok = writes.every(
      (w) => this.states.get(w.state.features.customerId)?.seq === w.expectedSeq,
    );
    if (!ok) return Promise.resolve(null);
    return Promise.resolve(writes.map((write) => this.writeOne(write)!));
  }

  clearPending(
    entries: ReadonlyArray<{ customerId: string; changeIds: readonly string[] }>,
  ): Promise<void> {
    for (const { customerId, changeIds } of entries) {
      const stored = this.states.get(customerId);
      if (!stored) continue;
      const ids = new Set(changeIds);
      const pending = stored.state.pending.filter((c) => !ids.has(c.eventId));
      this.states.set(customerId, { seq: stored.seq + 1, state: { ...stored.state, pending } });
    }
    return Promise.resolve();
  }

  claimDueTimers(nowMs: number, limit: number): Promise<string[]> {
    return Promise.resolve(
      [...this.states.values()]
        .filter((s) => s.state.nextDueMs !== null && s.state.nextDueMs <= nowMs)
        .slice(0, limit)
        .map((s) => s.state.features.customerId),
    );
  }

  scanCustomerIds(): Promise<{ cursor: string; customerIds: string[] }> {
    return Promise.resolve({ cursor: '0', customerIds: [...this.states.keys()] });
  }

  segmentSize(): Promise<number> {
    return Promise.resolve(0);
  }

  segmentSizes(codes: readonly number[]): Promise<number[]> {
    return Promise.resolve(codes.map(() => 0));
  }

  private writeOne({ state, expectedSeq, baseSeq }: SegmentStateWrite): number | null {
    const id = state.features.customerId;
    this.beforeWrite?.(id);
    const stored = this.states.get(id);
    if (stored?.seq !== expectedSeq) return null;
    const seq = (stored?.seq ?? baseSeq ?? 0) + 1;
    this.states.set(id, { seq, state: structuredClone(state) });
    return seq;
  }
}

interface FakePreparedWrite extends PreparedStateWrite {
  write: SegmentStateWrite;
}

export class FakeJournal implements SegmentationJournal {
  readonly inbox = new Set<string>();
  readonly snapshots = new Map<string, SegmentStateSnapshot>();
  readonly history: MembershipChange[] = [];
  failNextRecord = false;

  processed(consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(eventIds.filter((id) => this.inbox.has(`${consumer}/${id}`))));
  }

  loadSnapshots(
    ids: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState>> {
    const found = new Map<string, StoredSegmentState>();
    for (const id of ids) {
      const snapshot = this.snapshots.get(id);
      if (snapshot) found.set(id, snapshotState(snapshot, catalog));
    }
    return Promise.resolve(found);
  }

  record(entry: JournalEntry): Promise<void> {
    if (this.failNextRecord) {
      this.failNextRecord = false;
      return Promise.reject(new Error('database down'));
    }
    for (const id of entry.eventIds) this.inbox.add(`${entry.consumer}/${id}`);
    for (const snapshot of entry.states) {
      if ((this.snapshots.get(snapshot.customerId)?.seq ?? -1) < snapshot.seq)
        this.snapshots.set(snapshot.customerId, structuredClone(snapshot));
    }
    for (const change of entry.changes)
      if (!this.history.some((c) => c.eventId === change.eventId)) this.history.push(change);
    return Promise.resolve();
  }
}

/** What a journal records for `state` written at `seq`. */
export function snapshotOf(state: CustomerSegmentState, seq: number): SegmentStateSnapshot {
  return { ...encodeSegmentStateSnapshot(state), seq };
}

/** A durable snapshot decoded as the Postgres journal decodes it. */
export function snapshotState(
  snapshot: SegmentStateSnapshot,
  catalog: SegmentCatalog,
): StoredSegmentState {
  return {
    seq: snapshot.seq,
    state: decodeSegmentStateHash({ ...snapshot.hash }, snapshot.customerId, catalog),
  };
}

export class FakePublisher implements MembershipChangePublisher {
  readonly published: MembershipChange[] = [];
  publish(changes: readonly MembershipChange[]): Promise<void> {
    this.published.push(...changes);
    return Promise.resolve();
  }
}

export function complaint(id: string, customerId: string, occurredAt: string): ContactEvent {
  return {
    eventId: id,
    type: 'complaint.filed',
    version: 1,
    occurredAt,
    customerId,
    source: 'test',
    payload: { complaintId: `k-${id}`, category: 'billing', severity: 'medium' },
  } as ContactEvent;
}
