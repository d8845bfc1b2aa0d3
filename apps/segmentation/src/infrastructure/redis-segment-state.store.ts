import {
  customerKey,
  execPipeline,
  registerLuaScript,
  serviceKey,
  type LuaScript,
} from '@cip/state';
import {
  decodeSegmentStateHash,
  decodeSelectedState,
  encodeSegmentStateFields,
  encodeSegmentStatePending,
  encodeSegmentStateSnapshot,
  mayHoldSeriesReference,
  STATE_FIELDS,
  type CustomerSegmentState,
  type EncodedSegmentState,
  type MembershipChange,
  type SegmentCatalog,
  type StateSelection,
} from '@cip/segmentation-domain';
import type { Redis } from 'ioredis';
import type {
  HotSegmentRecord,
  PreparedStateWrite,
  SegmentStateStore,
  SegmentStateWrite,
  StoredSegmentState,
} from '../evaluate-segments/segment-state.ports';
import {
  CLEAR_PENDING,
  PATCH_SEGMENT_STATE,
  READ_SEGMENT_STATE,
  READ_STATE_FIELDS,
  readFieldsReplyHashes,
  stateReplyHash,
  type SegmentStateReply,
  WRITE_SEGMENT_STATE,
  WRITE_SEGMENT_STATES_ATOMICALLY,
} from './segment-state.scripts';
import { CLAIM_DUE_TIMERS, timerShardKey } from './segment-timers.scripts';

const STATE_SUFFIX = 'seg:feat';
const PENDING_SUFFIX = 'seg:pending';
const PENDING_FIELD = STATE_FIELDS.pending;
/** Hashes per READ_STATE_FIELDS call: big enough to save the per-command cost, short enough not to stall Redis. */
const READ_CHUNK = 1_000;

/**
 * The hot store: one small hash per customer (a listpack: see deploy's hash-max-listpack-value),
 * one bitmap per segment indexed by the customer's ordinal, due instants in small sorted sets
 * sharded by ordinal (segment-timers.scripts).
 * Every multi-customer call is one pipelined round trip.
 */
export class RedisSegmentStateStore implements SegmentStateStore {
  private readonly write: LuaScript<number>;
  private readonly patch: LuaScript<number>;
  private readonly writeAtomically: LuaScript<number[] | null>;
  private readonly clear: LuaScript<number>;
  private readonly claim: LuaScript<string[]>;
  private readonly readFields: LuaScript<ReadonlyArray<number | string>>;
  private readonly readState: LuaScript<SegmentStateReply>;
  private readonly timersKey: string;
  private readonly legacyTimersKey: string;
  /** The state key before and after the customer id, for a script that builds keys from ids. */
  private readonly stateKeyAroundId: [string, string];
  private readonly ordinalKey: string;
  private readonly bitmapPrefix: string;
  private readonly scanPattern: string;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    this.write = registerLuaScript(redis, WRITE_SEGMENT_STATE);
    this.patch = registerLuaScript(redis, PATCH_SEGMENT_STATE);
    this.writeAtomically = registerLuaScript(redis, WRITE_SEGMENT_STATES_ATOMICALLY);
    this.clear = registerLuaScript(redis, CLEAR_PENDING);
    this.claim = registerLuaScript(redis, CLAIM_DUE_TIMERS);
    this.readFields = registerLuaScript(redis, READ_STATE_FIELDS);
    this.readState = registerLuaScript(redis, READ_SEGMENT_STATE);
    this.timersKey = serviceKey(keyPrefix, 'seg', 'due');
    this.legacyTimersKey = serviceKey(keyPrefix, 'seg', 'timers');
    this.ordinalKey = serviceKey(keyPrefix, 'seg', 'ordinal');
    this.bitmapPrefix = serviceKey(keyPrefix, 'seg', 'bm') + ':';
    this.scanPattern = `${keyPrefix}cust:*:${STATE_SUFFIX}`;
    const [before = '', after = ''] = this.stateKey('\u0000').split('\u0000');
    this.stateKeyAroundId = [before, after];
  }

  stateKey(customerId: string): string {
    return customerKey(this.keyPrefix, customerId, STATE_SUFFIX);
  }

  pendingKey(customerId: string): string {
    return customerKey(this.keyPrefix, customerId, PENDING_SUFFIX);
  }

  bitmapKey(code: number): string {
    return `${this.bitmapPrefix}${code}`;
  }

  async readMany(customerIds: readonly string[]): Promise<Map<string, HotSegmentRecord>> {
    const found = new Map<string, HotSegmentRecord>();
    if (customerIds.length === 0) return found;
    const pipeline = this.redis.pipeline();
    for (const id of customerIds)
      this.readState.queue(pipeline, [this.stateKey(id), this.pendingKey(id)], []);
    const replies = await execPipeline(pipeline, 'load segment states');
    customerIds.forEach((id, i) => {
      const [err, raw] = replies[i] ?? [];
      if (err) throw err;
      const reply = this.readState.parseReply(raw);
      const fields = stateReplyHash(reply);
      if (fields['w'] === undefined) return;
      if (reply.pending !== undefined) fields[PENDING_FIELD] = reply.pending;
      found.set(id, { seq: Number(fields['w']), stored: fields });
    });
    return found;
  }

  decode(
    record: HotSegmentRecord,
    customerId: string,
    catalog: SegmentCatalog,
  ): CustomerSegmentState {
    return decodeSegmentStateHash(record.stored, customerId, catalog);
  }

  async loadMany(
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState>> {
    const found = new Map<string, StoredSegmentState>();
    for (const [id, record] of await this.readMany(customerIds))
      found.set(id, { ...record, state: this.decode(record, id, catalog) });
    return found;
  }

  /**
   * The states with only `fields` read (all of them when undefined): enough for a check that
   * reads a few series, at a fraction of a full load's bytes and decoding. Never written back.
   */
  async loadFields(
    customerIds: readonly string[],
    fields: readonly string[] | undefined,
    catalog: SegmentCatalog,
    selection?: StateSelection,
  ): Promise<Map<string, CustomerSegmentState>> {
    const found = new Map<string, CustomerSegmentState>();
    if (fields === undefined) {
      for (const [id, { state }] of await this.loadMany(customerIds, catalog)) found.set(id, state);
      return found;
    }
    for (const [id, hash] of await this.readStoredFields(customerIds, fields)) {
      found.set(
        id,
        selection === undefined
          ? decodeSegmentStateHash(hash, id, catalog)
          : decodeSelectedState(hash, id, selection),
      );
    }
    return found;
  }

  async readStoredFields(
    customerIds: readonly string[],
    fields: readonly string[],
  ): Promise<Map<string, Record<string, string>>> {
    const found = new Map<string, Record<string, string>>();
    if (customerIds.length === 0) return found;
    const named = ['w', ...fields];
    const flags = named.map((field) => (mayHoldSeriesReference(field) ? '1' : '0')).join('');
    // One script call per chunk: a page of 100,000 plain HMGETs costs the client more than Redis.
    const pipeline = this.redis.pipeline();
    const args = [String(named.length), ...named, flags, ...this.stateKeyAroundId];
    for (let from = 0; from < customerIds.length; from += READ_CHUNK) {
      const ids = customerIds.slice(from, from + READ_CHUNK);
      this.readFields.queue(pipeline, [], [...args, ...ids]);
    }
    const replies = await execPipeline(pipeline, 'load segment state fields');
    replies.forEach(([err, reply], chunk) => {
      if (err) throw err;
      const from = chunk * READ_CHUNK;
      const keys = Math.min(READ_CHUNK, customerIds.length - from);
      // Series references among the fields were followed by the script (flags), so each hash
      // decodes alone.
      const hashes = readFieldsReplyHashes(this.readFields.parseReply(reply), named, keys);
      for (let at = 0; at < keys; at++) {
        const hash = hashes[at]!;
        if (hash['w'] !== undefined) found.set(customerIds[from + at]!, hash);
      }
    });
    return found;
  }

  /** `rebuild`: also set every active segment's bit (restoring from the durable snapshots). */
  writeMany(
    writes: readonly SegmentStateWrite[],
    catalog: SegmentCatalog,
    options: { rebuild?: boolean } = {},
  ): Promise<Array<number | null>> {
    return this.writePrepared(writes.map((write) => this.prepareWrite(write, catalog, options)));
  }

  prepareWrite(
    write: SegmentStateWrite,
    catalog: SegmentCatalog,
    options: { rebuild?: boolean } = {},
  ): RedisPreparedWrite {
    const { state, expectedSeq, baseSeq, previous, previousState } = write;
    const customerId = state.features.customerId;
    const keys = [
      this.stateKey(customerId),
      this.timersKey,
      this.ordinalKey,
      this.pendingKey(customerId),
    ];
    const bits = bitmapUpdates(state, bitmapCodes(catalog), options.rebuild ?? false);
    const due = state.nextDueMs === null ? '' : String(state.nextDueMs);
    if (previous !== undefined && expectedSeq !== undefined && !options.rebuild) {
      const snapshot = encodeSegmentStateSnapshot(
        state,
        previousState && { state: previousState, hash: previous },
      );
      const diff = hashDiff(snapshot.hash, encodeSegmentStatePending(state) ?? '', previous);
      // An unchanged due instant, still ahead when it was read (a timer due by then is
      // re-evaluated to a later one), leaves the timer as armed. No timer: removed as before.
      const sameDue = state.nextDueMs !== null && previousState?.nextDueMs === state.nextDueMs;
      return new RedisPreparedWrite(customerId, snapshot, this.patch, keys, [
        String(expectedSeq),
        customerId,
        sameDue ? '-' : due,
        this.bitmapPrefix,
        diff.pending,
        String(bits.length / 2),
        String(diff.set.length / 2),
        ...bits,
        ...diff.set,
        ...diff.deleted,
      ]);
    }
    const snapshot = encodeSegmentStateSnapshot(state);
    return new RedisPreparedWrite(customerId, snapshot, this.write, keys, [
      expectedSeq === undefined ? '' : String(expectedSeq),
      customerId,
      due,
      this.bitmapPrefix,
      String(baseSeq ?? 0),
      encodeSegmentStatePending(state) ?? '',
      String(bits.length / 2),
      ...bits,
      ...flatten(snapshot.hash),
    ]);
  }

  async writePrepared(writes: readonly PreparedStateWrite[]): Promise<Array<number | null>> {
    if (writes.length === 0) return [];
    const pipeline = this.redis.pipeline();
    const prepared = writes.map((write) => {
      if (!(write instanceof RedisPreparedWrite))
        throw new TypeError('a write prepared by another store');
      write.script.queue(pipeline, write.keys, write.args);
      return write;
    });
    const replies = await execPipeline(pipeline, 'write segment states');
    return prepared.map((write, i) => {
      const [err, reply] = replies[i] ?? [];
      if (err) throw err;
      const seq = write.script.parseReply(reply);
      return seq < 0 ? null : seq;
    });
  }

  async writeAll(
    writes: readonly SegmentStateWrite[],
    catalog: SegmentCatalog,
  ): Promise<number[] | null> {
    if (writes.length === 0) return [];
    const codes = bitmapCodes(catalog);
    const blocks = writes.map(({ state, expectedSeq, baseSeq }) => {
      const bits = bitmapUpdates(state, codes, false);
      const fields = flatten(encodeSegmentStateFields(state));
      const pending = encodeSegmentStatePending(state) ?? '';
      const customerId = state.features.customerId;
      return {
        key: this.stateKey(customerId),
        pkey: this.pendingKey(customerId),
        id: customerId,
        expected: expectedSeq === undefined ? '' : String(expectedSeq),
        base: String(baseSeq ?? 0),
        due: state.nextDueMs === null ? '' : String(state.nextDueMs),
        pending,
        bits: pairs(bits),
        fields,
      };
    });
    return this.writeAtomically.run(
      [this.timersKey, this.ordinalKey],
      [this.bitmapPrefix, JSON.stringify(blocks)],
    );
  }

  async clearPending(
    entries: ReadonlyArray<{ customerId: string; changeIds: readonly string[] }>,
  ): Promise<void> {
    const work = entries.filter((e) => e.changeIds.length > 0);
    if (work.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { customerId, changeIds } of work)
      this.clear.queue(
        pipeline,
        [this.stateKey(customerId), this.pendingKey(customerId)],
        changeIds,
      );
    for (const [err] of await execPipeline(pipeline, 'clear pending changes')) if (err) throw err;
  }

  async claimDueTimers(nowMs: number, limit: number, leaseMs: number): Promise<string[]> {
    return this.claim.run(
      [this.timersKey, this.legacyTimersKey],
      [String(nowMs), String(limit), String(nowMs + leaseMs), ...this.stateKeyAroundId],
    );
  }

  async scanCustomerIds(
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; customerIds: string[] }> {
    const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.scanPattern, 'COUNT', count);
    const customerIds = keys.map((key) => key.slice(key.indexOf('{') + 1, key.lastIndexOf('}')));
    return { cursor: next, customerIds };
  }

  async segmentSize(code: number): Promise<number> {
    return this.redis.bitcount(this.bitmapKey(code));
  }

  async segmentSizes(codes: readonly number[]): Promise<number[]> {
    if (codes.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const code of codes) pipeline.bitcount(this.bitmapKey(code));
    const replies = await execPipeline(pipeline, 'count segment members');
    return replies.map(([err, count]) => {
      if (err) throw err;
      return Number(count);
    });
  }

  /** The timer of one customer (ms), for tests and the rebuild check. */
  async timerOf(customerId: string): Promise<number | null> {
    const ordinal = await this.redis.hget(this.stateKey(customerId), 'o');
    if (ordinal === null) return null;
    const score = await this.redis.zscore(
      timerShardKey(this.timersKey, Number(ordinal)),
      customerId,
    );
    return score === null ? null : Number(score);
  }
}

/** A write ready to send: the script, its keys and arguments, and what it stores. */
class RedisPreparedWrite implements PreparedStateWrite {
  constructor(
    readonly customerId: string,
    readonly snapshot: EncodedSegmentState,
    readonly script: LuaScript<number>,
    readonly keys: readonly string[],
    readonly args: readonly string[],
  ) {}
}

function flatten(hash: Readonly<Record<string, string>>): string[] {
  const fields: string[] = [];
  for (const field in hash) fields.push(field, hash[field]!);
  return fields;
}

/** Fields the store keeps for itself: never part of a state's encoding. */
const STORE_FIELDS = new Set(['w', 'o', PENDING_FIELD]);

/**
 * What a write must change in a stored hash: field/value pairs to set, field names to delete,
 * and the pending changes ('-' when they are the same, '' when there are none).
 */
function hashDiff(
  hash: Readonly<Record<string, string>>,
  pending: string,
  previous: Readonly<Record<string, string>>,
): { set: string[]; deleted: string[]; pending: string } {
  const set: string[] = [];
  for (const field in hash) {
    const value = hash[field]!;
    if (previous[field] !== value) set.push(field, value);
  }
  const deleted: string[] = [];
  for (const field in previous)
    if (!STORE_FIELDS.has(field) && !(field in hash)) deleted.push(field);
  return { set, deleted, pending: pending === (previous[PENDING_FIELD] ?? '') ? '-' : pending };
}

function pairs(flat: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

const codesByCatalog = new WeakMap<SegmentCatalog, ReadonlyMap<string, number>>();

/** Segment id → bitmap code, active and retired (a retirement's exits clear their bits). */
function bitmapCodes(catalog: SegmentCatalog): ReadonlyMap<string, number> {
  let codes = codesByCatalog.get(catalog);
  if (codes === undefined) {
    codes = new Map([
      ...catalog.retiredCodes,
      ...catalog.active.map((s) => [s.id, s.code] as const),
    ]);
    codesByCatalog.set(catalog, codes);
  }
  return codes;
}

/**
 * `(code, bit)` pairs to set: the segments of the changes not yet recorded (this write's among
 * them; setting a bit to the membership is idempotent), or every active segment when the bitmaps
 * are being rebuilt. A retired segment's exits clear its bits too: should it be activated again,
 * its bitmap holds no member from before.
 */
function bitmapUpdates(
  state: { pending: readonly MembershipChange[]; memberships: Record<string, number> },
  codes: ReadonlyMap<string, number>,
  everySegment: boolean,
): string[] {
  const segmentIds = everySegment ? codes.keys() : new Set(state.pending.map((c) => c.segmentId));
  const bits: string[] = [];
  for (const segmentId of segmentIds) {
    const code = codes.get(segmentId);
    if (code !== undefined) bits.push(String(code), segmentId in state.memberships ? '1' : '0');
  }
  return bits;
}
