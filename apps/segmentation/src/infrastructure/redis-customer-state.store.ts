import { customerKey, defineLuaScript, registerLuaScript, type LuaScript } from '@cip/state';
import { parseCustomerState, type CustomerState } from '@cip/segmentation-domain';
import type { Redis } from 'ioredis';
import type { CustomerStateStore, StoredState } from '../apply-contact-event/segmentation.ports';

/**
 * Compare-and-set of one customer's state hash plus its membership set, atomically.
 * KEYS[1] state hash {version, state}, KEYS[2] membership set.
 * ARGV[1] expected version ('' = no state yet), ARGV[2] new version, ARGV[3] state JSON,
 * ARGV[4..] current segment ids. Replies 1 when written, 0 when the version moved on.
 */
const CAS_STATE = defineLuaScript<boolean>({
  name: 'segmentationCasState',
  numberOfKeys: 2,
  lua: `
local current = redis.call('HGET', KEYS[1], 'version')
if current == false then current = '' end
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3])
redis.call('DEL', KEYS[2])
if #ARGV > 3 then redis.call('SADD', KEYS[2], unpack(ARGV, 4)) end
return 1
`,
  parseReply: (reply) => reply === 1,
});

export class RedisCustomerStateStore implements CustomerStateStore {
  private readonly cas: LuaScript<boolean>;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    this.cas = registerLuaScript(redis, CAS_STATE);
  }

  stateKey(customerId: string): string {
    return customerKey(this.keyPrefix, customerId, 'seg:state');
  }

  membershipKey(customerId: string): string {
    return customerKey(this.keyPrefix, customerId, 'seg:members');
  }

  async load(customerId: string): Promise<StoredState | undefined> {
    const [version, json] = await this.redis.hmget(this.stateKey(customerId), 'version', 'state');
    if (version === null || version === undefined || json === null || json === undefined)
      return undefined;
    return { version: Number(version), state: parseCustomerState(JSON.parse(json)) };
  }

  async compareAndSet(state: CustomerState, expectedVersion: number | undefined): Promise<boolean> {
    return this.cas.run(
      [this.stateKey(state.customerId), this.membershipKey(state.customerId)],
      [
        expectedVersion === undefined ? '' : String(expectedVersion),
        String(state.version),
        JSON.stringify(state),
        ...Object.keys(state.memberships).sort(),
      ],
    );
  }

  /** Current segment ids from the hot membership set. */
  async memberships(customerId: string): Promise<string[]> {
    return (await this.redis.smembers(this.membershipKey(customerId))).sort();
  }
}
