import { defineLuaScript } from '@cip/state';
import { ARM_TIMER_LUA } from './segment-timers.scripts';

/**
 * Compare-and-set of one customer's state hash, with its pending changes, bitmap bits and
 * timer, atomically. KEYS[1] state hash, KEYS[2] timer shard index (segment-timers.scripts), KEYS[3] ordinal counter,
 * KEYS[4] pending changes (a string of its own: the hash stays small enough to be a listpack).
 * ARGV[1] expected write sequence ('' = nothing stored), ARGV[2] customer id, ARGV[3] next due
 * ms ('' = none), ARGV[4] bitmap key prefix, ARGV[5] the sequence to continue from when nothing
 * is stored (a state restored from its snapshot keeps counting up), ARGV[6] pending changes JSON
 * ('' = none), ARGV[7] n bitmap updates, then n (code, bit) pairs, then the hash's field/value
 * pairs. Replies the new sequence, or -1 when another writer won.
 * The hash is replaced whole (fields a state no longer has must go) but keeps its ordinal: the
 * customer's bit position in every segment bitmap.
 */
export const WRITE_SEGMENT_STATE = defineLuaScript<number>({
  name: 'segmentationWriteState',
  numberOfKeys: 4,
  lua: `${ARM_TIMER_LUA}
local stored = redis.call('HGET', KEYS[1], 'w')
if stored == false then stored = '' end
if stored ~= ARGV[1] then return -1 end
local seq = (tonumber(stored) or tonumber(ARGV[5])) + 1
local ordinal = redis.call('HGET', KEYS[1], 'o')
if ordinal == false then ordinal = redis.call('INCR', KEYS[3]) end
redis.call('DEL', KEYS[1])
local bits = tonumber(ARGV[7])
local first = 8 + bits * 2
local fields = { 'w', seq, 'o', ordinal }
for i = first, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
for i = 0, bits - 1 do
  redis.call('SETBIT', ARGV[4] .. ARGV[8 + i * 2], tonumber(ordinal), tonumber(ARGV[9 + i * 2]))
end
if ARGV[6] == '' then redis.call('DEL', KEYS[4]) else redis.call('SET', KEYS[4], ARGV[6]) end
armTimer(KEYS[2], ordinal, ARGV[2], ARGV[3])
return seq
`,
  parseReply: (reply) => Number(reply),
});

/**
 * WRITE_SEGMENT_STATE for a customer whose stored hash the writer read: only the fields that
 * changed are sent and set, and fields the state no longer has deleted (an event usually touches
 * a few series of the ~25 fields, so this saves most of the encoding, bytes and Redis work).
 * KEYS as WRITE_SEGMENT_STATE. ARGV[1] expected write sequence (something is stored), ARGV[2]
 * customer id, ARGV[3] next due ms ('' = none, '-' = unchanged: the timer is left alone, which
 * spares most writes two commands), ARGV[4] bitmap key prefix, ARGV[5] pending
 * changes JSON ('' = none, '-' = unchanged), ARGV[6] n bitmap updates, ARGV[7] n fields set,
 * then the (code, bit) pairs, the field/value pairs set and the field names deleted.
 */
export const PATCH_SEGMENT_STATE = defineLuaScript<number>({
  name: 'segmentationPatchState',
  numberOfKeys: 4,
  lua: `${ARM_TIMER_LUA}
local stored = redis.call('HGET', KEYS[1], 'w')
if stored == false or stored ~= ARGV[1] then return -1 end
local seq = tonumber(stored) + 1
local ordinal = tonumber(redis.call('HGET', KEYS[1], 'o'))
local bits = tonumber(ARGV[6])
local sets = tonumber(ARGV[7])
local first = 8 + bits * 2
local fields = { 'w', seq }
for i = first, first + sets * 2 - 1 do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
if #ARGV >= first + sets * 2 then
  redis.call('HDEL', KEYS[1], unpack(ARGV, first + sets * 2, #ARGV))
end
for i = 0, bits - 1 do
  redis.call('SETBIT', ARGV[4] .. ARGV[8 + i * 2], ordinal, tonumber(ARGV[9 + i * 2]))
end
if ARGV[5] == '' then redis.call('DEL', KEYS[4])
elseif ARGV[5] ~= '-' then redis.call('SET', KEYS[4], ARGV[5]) end
if ARGV[3] ~= '-' then armTimer(KEYS[2], ordinal, ARGV[2], ARGV[3]) end
return seq
`,
  parseReply: (reply) => Number(reply),
});

/**
 * Drops recorded change ids from a customer's pending list. That is a change of state, so the
 * sequence moves on: a writer holding the older copy must re-read instead of restoring them.
 * KEYS[1] state hash, KEYS[2] pending changes; ARGV the recorded change ids.
 */
export const CLEAR_PENDING = defineLuaScript<number>({
  name: 'segmentationClearPending',
  numberOfKeys: 2,
  lua: `
local json = redis.call('GET', KEYS[2])
if json == false then return 0 end
local recorded = {}
for i = 1, #ARGV do recorded[ARGV[i]] = true end
local kept = {}
for _, change in ipairs(cjson.decode(json)) do
  if not recorded[change.eventId] then kept[#kept + 1] = change end
end
if #kept == 0 then redis.call('DEL', KEYS[2])
else redis.call('SET', KEYS[2], cjson.encode(kept)) end
redis.call('HINCRBY', KEYS[1], 'w', 1)
return 1
`,
  parseReply: (reply) => Number(reply),
});

/**
 * All-or-nothing form of WRITE_SEGMENT_STATE for a merge (survivor and tombstones together).
 * KEYS[1] timer shard index, KEYS[2] ordinal counter; ARGV[1] bitmap key prefix, ARGV[2] JSON
 * array of `{ key, pkey, id, expected, base, due, pending, bits: [[code, bit]], fields: [...] }`.
 * Replies the new sequences in order, or -1 (nothing written) if any expectation failed.
 */
export const WRITE_SEGMENT_STATES_ATOMICALLY = defineLuaScript<number[] | null>({
  name: 'segmentationWriteStatesAtomically',
  numberOfKeys: 2,
  lua: `${ARM_TIMER_LUA}
local writes = cjson.decode(ARGV[2])
local seqs = {}
for i, w in ipairs(writes) do
  local stored = redis.call('HGET', w.key, 'w')
  if stored == false then stored = '' end
  if stored ~= w.expected then return -1 end
  seqs[i] = (tonumber(stored) or tonumber(w.base)) + 1
end
for i, w in ipairs(writes) do
  local ordinal = redis.call('HGET', w.key, 'o')
  if ordinal == false then ordinal = redis.call('INCR', KEYS[2]) end
  redis.call('DEL', w.key)
  redis.call('HSET', w.key, 'w', seqs[i], 'o', ordinal, unpack(w.fields))
  for _, bit in ipairs(w.bits) do
    redis.call('SETBIT', ARGV[1] .. bit[1], tonumber(ordinal), tonumber(bit[2]))
  end
  if w.pending == '' then redis.call('DEL', w.pkey) else redis.call('SET', w.pkey, w.pending) end
  armTimer(KEYS[1], ordinal, w.id, w.due)
end
return seqs
`,
  parseReply: (reply) => (Array.isArray(reply) ? reply.map(Number) : null),
});

/** Fields per presence mask in a READ_STATE_FIELDS reply (well inside a Lua number's integers). */
const FIELDS_PER_MASK = 30;

/**
 * The same fields of many customers' hashes in one call (a screen reads a whole population).
 * ARGV, as their number varies: [1] n, the field count; [2..n+1] the field names; [n+2] one
 * character per field, `1` where the field is a series whose value may be a reference
 * (`=<code>`, features-hash codec) to another series field, which is then read here and returned
 * in its place (so a screen names only the series it reads, not every one a reference might
 * point to); [n+3], [n+4] the state key before and after a customer id; then the customer ids
 * (a quarter of the bytes of whole keys to send and parse).
 * The reply is flat: per key and per group of 30 fields, a presence mask, then the values
 * present, in field order. Most fields are absent for most customers, and one array of nested
 * HMGET replies cost the client an element and a conversion per field, present or not. Like the
 * other multi-key scripts here, for a single Redis (not Redis Cluster).
 */
export const READ_STATE_FIELDS = defineLuaScript<ReadonlyArray<number | string>>({
  name: 'segmentationReadFields',
  numberOfKeys: 0,
  lua: `
local n = tonumber(ARGV[1])
local fields = { unpack(ARGV, 2, n + 1) }
local flags = ARGV[n + 2]
local before, after = ARGV[n + 3], ARGV[n + 4]
local out, o = {}, 0
for i = n + 5, #ARGV do
  local key = before .. ARGV[i] .. after
  local values = redis.call('HMGET', key, unpack(fields))
  for group = 0, n - 1, ${FIELDS_PER_MASK} do
    local mask, bit, at = 0, 1, o + 1
    o = o + 1
    for f = group + 1, math.min(n, group + ${FIELDS_PER_MASK}) do
      local v = values[f]
      if v then
        if string.byte(v, 1) == 61 and string.byte(flags, f) == 49 then
          v = redis.call('HGET', key, string.sub(v, 2)) or v
        end
        mask = mask + bit
        o = o + 1
        out[o] = v
      end
      bit = bit * 2
    end
    out[at] = mask
  end
end
return out
`,
  parseReply: (reply) => {
    if (!Array.isArray(reply)) throw new Error('segmentationReadFields: expected an array reply');
    return reply as Array<number | string>;
  },
});

/**
 * The hashes of a READ_STATE_FIELDS reply for `keys` keys read with `fields`, each with only the
 * fields it holds (empty for a missing key), in key order.
 */
export function readFieldsReplyHashes(
  reply: ReadonlyArray<number | string>,
  fields: readonly string[],
  keys: number,
): Array<Record<string, string>> {
  const hashes = new Array<Record<string, string>>(keys);
  let at = 0;
  for (let key = 0; key < keys; key++) {
    const hash: Record<string, string> = {};
    for (let group = 0; group < fields.length; group += FIELDS_PER_MASK) {
      const mask = reply[at++];
      if (typeof mask !== 'number') throw malformedFieldsReply();
      const last = Math.min(fields.length, group + FIELDS_PER_MASK);
      for (let field = group, bit = 1; field < last; field++, bit *= 2) {
        if ((mask & bit) === 0) continue;
        const value = reply[at++];
        if (typeof value !== 'string') throw malformedFieldsReply();
        hash[fields[field]!] = value;
      }
    }
    hashes[key] = hash;
  }
  if (at !== reply.length) throw malformedFieldsReply();
  return hashes;
}

function malformedFieldsReply(): Error {
  return new Error('segmentationReadFields: reply does not match the keys and fields asked');
}

/** Separates a READ_SEGMENT_STATE reply's parts (`\1` in the script): no field encoding produces it. */
const STATE_SEPARATOR = '\u0001';

/**
 * One customer's whole state hash and pending changes in one reply: KEYS[1] state hash, KEYS[2]
 * pending changes. Replies `{ "<n>\1f1\1v1\1…" }` (n, the HGETALL element count, then the
 * elements joined), plus the pending changes as a second element when there are any.
 * Two pipelined commands (HGETALL and GET) replied some 45 bulk strings per customer, which the
 * client parsed, converted and paired one by one: this costs Redis ~5 µs more per customer and
 * the service (the pipeline's busiest process) ~7 µs less. Read together, hash and pending
 * changes are also one consistent view.
 */
export const READ_SEGMENT_STATE = defineLuaScript<SegmentStateReply>({
  name: 'segmentationReadState',
  numberOfKeys: 2,
  lua: `
local fields = redis.call('HGETALL', KEYS[1])
local reply = { #fields .. '\\1' .. table.concat(fields, '\\1') }
local pending = redis.call('GET', KEYS[2])
if pending then reply[2] = pending end
return reply
`,
  parseReply: (reply) => {
    if (!Array.isArray(reply) || typeof reply[0] !== 'string')
      throw malformedStateReply('expected an array reply');
    const pending: unknown = reply[1];
    if (pending !== undefined && typeof pending !== 'string')
      throw malformedStateReply('pending changes are not a string');
    return { joined: reply[0], pending };
  },
});

export interface SegmentStateReply {
  joined: string;
  pending: string | undefined;
}

/** The hash of a READ_SEGMENT_STATE reply (empty for a missing key). */
export function stateReplyHash({ joined }: SegmentStateReply): Record<string, string> {
  const parts = joined.split(STATE_SEPARATOR);
  const count = Number(parts[0]);
  if (!Number.isSafeInteger(count) || count % 2 !== 0)
    throw malformedStateReply('no element count');
  if (count === 0) return {};
  // A separator inside a value would shift every pair after it: the count catches it.
  if (parts.length !== count + 1) throw malformedStateReply('element count does not match');
  const hash: Record<string, string> = {};
  for (let at = 1; at < count; at += 2) hash[parts[at]!] = parts[at + 1]!;
  return hash;
}

function malformedStateReply(reason: string): Error {
  return new Error(`segmentationReadState: ${reason}`);
}
