import type {
  CustomerSegmentState,
  EncodedSegmentState,
  MembershipChange,
  SegmentCatalog,
  StateSelection,
} from '@cip/segmentation-domain';

/** A customer's hot state with the write sequence it was stored at (for compare-and-set). */
export interface StoredSegmentState {
  state: CustomerSegmentState;
  seq: number;
  /** The hot store's own encoding as read, so a write can send only what changed. */
  stored?: Readonly<Record<string, string>> | undefined;
}

/** A hot state as read, still in the store's encoding: decoded only when its turn comes. */
export interface HotSegmentRecord {
  seq: number;
  stored: Readonly<Record<string, string>>;
}

/**
 * What the durable copy of a written state holds: its encoding (pending changes excluded) and
 * the sequence it was written at. Encoded once, when the write is prepared, so a batch keeps no
 * decoded state alive while its writes and its journal transaction are in flight.
 */
export interface SegmentStateSnapshot extends EncodedSegmentState {
  seq: number;
}

/** A write encoded for the store, ready to send; `snapshot` is what the journal records. */
export interface PreparedStateWrite {
  readonly customerId: string;
  readonly snapshot: EncodedSegmentState;
}

/** Store `state` only if the stored sequence is still `expectedSeq` (undefined = none stored). */
export interface SegmentStateWrite {
  state: CustomerSegmentState;
  expectedSeq: number | undefined;
  /** With nothing stored: the sequence to continue from (a state restored from its snapshot). */
  baseSeq?: number | undefined;
  /** `stored` of the state read at `expectedSeq`: lets the store write only the difference. */
  previous?: Readonly<Record<string, string>> | undefined;
  /** The state `previous` decoded to: what it left unchanged keeps its stored encoding. */
  previousState?: CustomerSegmentState | undefined;
}

/** The hot copy (Redis): states, membership bitmaps and the due-timer set. */
export interface SegmentStateStore {
  /** Stored states with their sequences, undecoded (see `decode`). */
  readMany(customerIds: readonly string[]): Promise<Map<string, HotSegmentRecord>>;
  /**
   * Only `fields` of each stored hash (those it holds; a series field stored as a reference reads
   * as the series it names), for customers with a state: what `loadFields` decodes, and enough
   * for a check that needs a few fields and no state (`SETTLEMENT_FIELDS`).
   */
  readStoredFields(
    customerIds: readonly string[],
    fields: readonly string[],
  ): Promise<Map<string, Record<string, string>>>;
  decode(
    record: HotSegmentRecord,
    customerId: string,
    catalog: SegmentCatalog,
  ): CustomerSegmentState;
  /** `readMany` decoded. */
  loadMany(
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState>>;
  /**
   * States with at least `fields` of the stored hash (all when undefined), for checks that read
   * a few of them; read-only (no sequence, never written back). With a `selection`, at least
   * what it selects of those fields is decoded (`decodeSelectedState`).
   */
  loadFields(
    customerIds: readonly string[],
    fields: readonly string[] | undefined,
    catalog: SegmentCatalog,
    selection?: StateSelection,
  ): Promise<Map<string, CustomerSegmentState>>;
  /**
   * Conditional writes, pipelined; each also updates the segment bitmaps and the customer's
   * timer. Returns the sequence each write stored, or `null` where another writer won the race.
   */
  writeMany(
    writes: readonly SegmentStateWrite[],
    catalog: SegmentCatalog,
  ): Promise<Array<number | null>>;
  /** `writeMany` in two steps: encode a write as soon as it is computed, send them all later. */
  prepareWrite(write: SegmentStateWrite, catalog: SegmentCatalog): PreparedStateWrite;
  writePrepared(writes: readonly PreparedStateWrite[]): Promise<Array<number | null>>;
  /** Like `writeMany`, but all or nothing (a merge): the sequences, or null if any lost a race. */
  writeAll(writes: readonly SegmentStateWrite[], catalog: SegmentCatalog): Promise<number[] | null>;
  /** Removes these recorded change ids from the customers' pending lists (nothing else). */
  clearPending(
    entries: ReadonlyArray<{ customerId: string; changeIds: readonly string[] }>,
  ): Promise<void>;
  /** Customers whose timer is due at `nowMs`, leased for `leaseMs` so a crash re-fires them. */
  claimDueTimers(nowMs: number, limit: number, leaseMs: number): Promise<string[]>;
  /** One page of every customer id held (SCAN semantics: cursor '0' starts and ends). */
  scanCustomerIds(
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; customerIds: string[] }>;
  /** Members of the segment with this code (bitmap population count). */
  segmentSize(code: number): Promise<number>;
  /** `segmentSize` of each code, in order, in one round trip. */
  segmentSizes(codes: readonly number[]): Promise<number[]>;
}

/** States, changes or inbox claims one journal transaction holds at most: no giant statement. */
export const JOURNAL_GROUP_MAX_ROWS = 5_000;

/** Everything the durable side (Postgres) of one processed batch needs, written at once. */
export interface JournalEntry {
  /** Inbox claims: the contact events of the batch (none for timers or backfills). */
  consumer?: string | undefined;
  eventIds: readonly string[];
  /** Latest state per customer; a snapshot is only replaced by one with a higher sequence. */
  states: readonly SegmentStateSnapshot[];
  /** Current membership rows follow them; history keeps each once (unique change id). */
  changes: readonly MembershipChange[];
}

export interface SegmentationJournal {
  /** Which of these events `consumer` already recorded (the inbox, batched). */
  processed(consumer: string, eventIds: readonly string[]): Promise<Set<string>>;
  /** Durable snapshots, to restore customers the hot store lost. */
  loadSnapshots(
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState>>;
  record(entry: JournalEntry): Promise<void>;
}

/** The active definitions compiled, kept fresh from the definition store. */
export interface SegmentCatalogProvider {
  get(): Promise<SegmentCatalog>;
  /** Reloads now (after an activation, before its backfill). */
  refresh(): Promise<SegmentCatalog>;
}

/** Publishes membership changes (acks=all) on the segment-membership topic. */
export interface MembershipChangePublisher {
  publish(
    changes: readonly MembershipChange[],
    correlationOf: (triggeringEventId: string) => string | undefined,
  ): Promise<void>;
}
