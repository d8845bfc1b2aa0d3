import { defineLuaScript } from '@cip/state';

/**
 * Customers per timer shard. The durable timers live in small sorted sets, one per block of 64
 * bitmap ordinals (`{index}:{ordinal div 64}`), which Redis keeps as listpacks (~20 bytes an
 * entry, under the default zset-max-listpack-entries of 128) instead of one big skiplist sorted
 * set (~100 bytes an entry); the index sorted set holds each shard's earliest instant.
 */
export const TIMER_SHARD_SIZE = 64;

/**
 * Lua prelude shared by the scripts that arm timers: `armTimer(index, ordinal, id, due)` sets
 * (`due` an instant in ms) or removes (`due` '') one customer's timer and keeps the index right.
 */
export const ARM_TIMER_LUA = `
local function armTimer(index, ordinal, id, due)
  local shard = math.floor(tonumber(ordinal) / ${TIMER_SHARD_SIZE})
  local key = index .. ':' .. shard
  if due == '' then redis.call('ZREM', key, id) else redis.call('ZADD', key, due, id) end
  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if #first == 0 then redis.call('ZREM', index, shard)
  else redis.call('ZADD', index, first[2], shard) end
end
`;

/**
 * Claims up to ARGV[2] customers whose timer is due at ARGV[1] by pushing them to ARGV[3] (a
 * lease): whoever claimed them re-arms or removes the timer when done; after a crash they come
 * due again. KEYS[1] the shard index, KEYS[2] the single sorted set of the earlier layout (its
 * due entries move into their shard as they are claimed); ARGV[4], ARGV[5] the state key around
 * the customer id. An entry left in a shard that is no longer its customer's (the hash was lost
 * and restored under a new ordinal) is removed as it is claimed; its customer is still returned,
 * so a restore re-arms the right one.
 */
export const CLAIM_DUE_TIMERS = defineLuaScript<string[]>({
  name: 'segmentationClaimTimers',
  numberOfKeys: 2,
  lua: `${ARM_TIMER_LUA}
local limit = tonumber(ARGV[2])
local out = {}
local function ordinalOf(id) return redis.call('HGET', ARGV[4] .. id .. ARGV[5], 'o') end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, limit)) do
  redis.call('ZREM', KEYS[2], id)
  local ordinal = ordinalOf(id)
  if ordinal then armTimer(KEYS[1], ordinal, id, ARGV[3]) end
  out[#out + 1] = id
end
local shards = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit)
for _, shard in ipairs(shards) do
  if #out >= limit then break end
  local key = KEYS[1] .. ':' .. shard
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', ARGV[1], 'LIMIT', 0, limit - #out)) do
    local ordinal = ordinalOf(id)
    if ordinal and math.floor(tonumber(ordinal) / ${TIMER_SHARD_SIZE}) == tonumber(shard) then
      redis.call('ZADD', key, 'XX', ARGV[3], id)
    else
      redis.call('ZREM', key, id)
    end
    out[#out + 1] = id
  end
  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if #first == 0 then redis.call('ZREM', KEYS[1], shard)
  else redis.call('ZADD', KEYS[1], first[2], shard) end
end
return out
`,
  parseReply: (reply) => (Array.isArray(reply) ? reply.map(String) : []),
});

/** The timer shard of a bitmap ordinal (see TIMER_SHARD_SIZE). */
export function timerShardKey(indexKey: string, ordinal: number): string {
  return `${indexKey}:${Math.floor(ordinal / TIMER_SHARD_SIZE)}`;
}
