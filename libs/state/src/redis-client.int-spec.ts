import { createHash } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { loadServiceConfig } from '@cip/config';
import { deleteTestKeys, newIsolation, testInfra } from '@cip/testing';
import type { Redis } from 'ioredis';
import { closeRedisClient } from './close-redis-client';
import { createRedisClient } from './create-redis-client';
import { execPipeline } from './exec-pipeline';
import { customerKey, serviceKey } from './keys';
import { pingRedis, redisDependencyCheck } from './redis-health';
import { defineLuaScript, registerLuaScript } from './script-registry';
import { StateModule } from './state.module';
import { REDIS_CLIENT } from './state.tokens';

const isolation = newIsolation('state');
const config = loadServiceConfig('segmentation', {
  REDIS_URL: testInfra().redisUrl,
  REDIS_KEY_PREFIX: isolation.redisKeyPrefix,
});
const prefix = config.redis.keyPrefix;
let client: Redis;

// Sets a customer's counter only if the event sequence is newer (the replay guard of the design).
const applyIfNewer = defineLuaScript({
  name: 'cipTestApplyIfNewer',
  numberOfKeys: 2,
  lua: `
    local last = tonumber(redis.call('GET', KEYS[1]) or '0')
    local seq = tonumber(ARGV[1])
    if seq <= last then return {0, last} end
    redis.call('SET', KEYS[1], seq)
    local count = redis.call('INCRBY', KEYS[2], tonumber(ARGV[2]))
    return {1, count}
  `,
  parseReply: (reply: unknown) => {
    if (!Array.isArray(reply) || reply.length !== 2)
      throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
    return { applied: reply[0] === 1, value: Number(reply[1]) };
  },
});

beforeAll(() => {
  client = createRedisClient(config.redis, { connectionName: 'cip-state-int-test' });
});

afterAll(async () => {
  await closeRedisClient(client);
  await deleteTestKeys(config.redis.url, prefix);
});

describe('createRedisClient', () => {
  it('round-trips values under explicit, hash-tagged keys (no client-side prefix)', async () => {
    const key = customerKey(prefix, 'c-42', 'agg');
    await client.set(key, 'v1');
    expect(await client.get(key)).toBe('v1');
    expect(client.options.keyPrefix ?? '').toBe('');
    expect(await client.exists(`${prefix}cust:{c-42}:agg`)).toBe(1);
  });

  it('pipelines concurrent commands automatically', async () => {
    expect(client.options.enableAutoPipelining).toBe(true);
    const keys = Array.from({ length: 50 }, (_, i) => serviceKey(prefix, 'pipelined', String(i)));
    await Promise.all(keys.map((key, i) => client.set(key, String(i))));
    expect(await Promise.all(keys.map((key) => client.get(key)))).toEqual(
      keys.map((_, i) => String(i)),
    );
  });

  it('answers the health check', async () => {
    await pingRedis(client);
    await redisDependencyCheck(client).check();
  });
});

/** Strings (and Buffers, as text) reachable from an object's own fields, a few levels deep. */
function reachableText(root: object, skip: ReadonlySet<unknown>, depth = 4): string[] {
  const found: string[] = [];
  const visit = (value: unknown, level: number): void => {
    if (typeof value === 'string') found.push(value);
    else if (Buffer.isBuffer(value)) found.push(value.toString());
    else if (value !== null && typeof value === 'object' && level > 0 && !skip.has(value)) {
      for (const child of Object.values(value)) visit(child, level - 1);
    }
  };
  visit(root, depth);
  return found;
}

describe('execPipeline', () => {
  it('returns the replies and leaves the executed ioredis pipeline holding none of them', async () => {
    const keys = ['a', 'b', 'c'].map((name) => serviceKey(prefix, 'exec-pipeline', name));
    const values = keys.map((_, i) => `reply-${i}-${'x'.repeat(200)}`);
    await Promise.all(keys.map((key, i) => client.set(key, values[i] as string)));
    const pipeline = client.pipeline();
    for (const key of keys) pipeline.get(key);

    const replies = await execPipeline(pipeline, 'read');

    expect(replies).toEqual(values.map((value) => [null, value]));
    // ioredis internals the release relies on: if an upgrade renames them, this fails.
    const internals = pipeline as unknown as Record<string, unknown>;
    expect(internals._queue).toEqual([]);
    expect(internals._result).toEqual([]);
    expect(internals.promise).toBeUndefined();
    const text = reachableText(pipeline, new Set([client, client.options]));
    for (const value of values) expect(text).not.toContain(value);
  });

  it('hands back a failed command as its error and still releases the pipeline', async () => {
    const key = serviceKey(prefix, 'exec-pipeline', 'a-string');
    await client.set(key, 'not a hash');
    const pipeline = client.pipeline().get(key).hget(key, 'field');

    const replies = await execPipeline(pipeline, 'read');

    expect(replies[0]).toEqual([null, 'not a hash']);
    expect(replies[1]?.[0]).toBeInstanceOf(Error);
    expect(String(replies[1]?.[0])).toContain('WRONGTYPE');
    const internals = pipeline as unknown as Record<string, unknown>;
    expect(internals._result).toEqual([]);
    expect(internals.promise).toBeUndefined();
  });
});

describe('registerLuaScript', () => {
  it('runs a typed script by EVALSHA and guards replays', async () => {
    const script = registerLuaScript(client, applyIfNewer);
    const keys = [customerKey(prefix, 'c-7', 'seq'), customerKey(prefix, 'c-7', 'complaints')];
    expect(await script.run(keys, [1, 1])).toEqual({ applied: true, value: 1 });
    expect(await script.run(keys, [2, 1])).toEqual({ applied: true, value: 2 });
    expect(await script.run(keys, [2, 1])).toEqual({ applied: false, value: 2 }); // replay
    const sha = createHash('sha1').update(applyIfNewer.lua).digest('hex');
    expect(await client.script('EXISTS', sha)).toEqual([1]); // cached server-side, called by sha
  });

  it('queues calls for many customers on one pipeline', async () => {
    const script = registerLuaScript(client, applyIfNewer); // same spec again: no-op
    const pipeline = client.pipeline();
    for (const id of ['p-1', 'p-2', 'p-3']) {
      script.queue(
        pipeline,
        [customerKey(prefix, id, 'seq'), customerKey(prefix, id, 'n')],
        [5, 3],
      );
    }
    const replies = (await pipeline.exec()) ?? [];
    expect(replies.map(([error, reply]) => (error ? error : script.parseReply(reply)))).toEqual([
      { applied: true, value: 3 },
      { applied: true, value: 3 },
      { applied: true, value: 3 },
    ]);
  });

  it('refuses a wrong key count, a taken name, and shadowing a command', async () => {
    const script = registerLuaScript(client, applyIfNewer);
    await expect(script.run(['only-one'], [1, 1])).rejects.toMatchObject({
      code: 'INVALID_SCRIPT',
    });
    expect(() => registerLuaScript(client, { ...applyIfNewer, lua: 'return 2' })).toThrow(
      /already registered/,
    );
    expect(() => registerLuaScript(client, { ...applyIfNewer, name: 'hgetall' })).toThrow(
      /shadows/,
    );
  });
});

describe('StateModule.forService', () => {
  it('provides a ready client and quits it on shutdown', async () => {
    const app = await NestFactory.createApplicationContext(StateModule.forService(config), {
      logger: false,
    });
    const moduleClient = app.get<Redis>(REDIS_CLIENT);
    expect(moduleClient.status).toBe('ready');
    await pingRedis(moduleClient);
    await app.close();
    expect(moduleClient.status).toBe('end');
  });

  it('fails the boot when Redis is unreachable', async () => {
    const warnings: string[] = [];
    await expect(
      NestFactory.createApplicationContext(
        StateModule.forService(
          { redis: { url: 'redis://127.0.0.1:1', keyPrefix: prefix } },
          { readyTimeoutMs: 300, logger: { warn: (_context, message) => warnings.push(message) } },
        ),
        { logger: false, abortOnError: false },
      ),
    ).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(warnings.length).toBeGreaterThan(0);
  });
});

describe('an unreachable Redis', () => {
  it('logs connection errors instead of throwing, and fails health checks fast', async () => {
    const warnings: object[] = [];
    const down = createRedisClient(
      { url: 'redis://127.0.0.1:1', keyPrefix: prefix },
      { logger: { warn: (context) => warnings.push(context) }, maxRetriesPerRequest: 1 },
    );
    let reconnects = 0;
    down.on('reconnecting', () => (reconnects += 1));
    try {
      const started = Date.now();
      await expect(pingRedis(down, 200)).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(warnings[0]).toMatchObject({ err: { code: 'ECONNREFUSED' } });
    } finally {
      await closeRedisClient(down);
    }
    // Closed means closed: no further reconnect attempts.
    const before = reconnects;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reconnects).toBe(before);
  });
});
