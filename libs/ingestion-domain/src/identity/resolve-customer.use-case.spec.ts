import fc from 'fast-check';
import { FixedClock } from '../clock';
import type { Identifier } from './identifier';
import {
  CountingOutboxNotifier,
  InMemoryIdentityCache,
  InMemoryIdentityGraph,
} from './identity.fakes';
import { ResolveCustomer } from './resolve-customer.use-case';

const context = { source: 'test' };
const phone = (value: string): Identifier => ({ kind: 'phone', value });
const email = (value: string): Identifier => ({ kind: 'email', value });
const customerId = (value: string): Identifier => ({ kind: 'customerId', value });

function setup() {
  const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));
  const graph = new InMemoryIdentityGraph();
  const cache = new InMemoryIdentityCache();
  const outbox = new CountingOutboxNotifier();
  let next = 0;
  const resolver = new ResolveCustomer({
    graph,
    cache,
    outbox,
    clock,
    customerIds: { next: () => `cus_${String((next += 1)).padStart(3, '0')}` },
    eventIds: () => `e${next}`,
  });
  return { clock, graph, cache, outbox, resolver };
}

describe('ResolveCustomer', () => {
  it('creates one prospect for unknown identifiers and attaches them all', async () => {
    const { resolver, graph } = setup();
    const first = await resolver.resolve([phone('+33612345678'), email('a@x.io')], context);
    expect(first).toEqual({ customerId: 'cus_001', created: ['cus_001'], mergedIds: [] });
    expect(graph.idsWithStatus('prospect')).toEqual(['cus_001']);
    // Each identifier alone, and the prospect's own id, now resolve to it.
    expect((await resolver.resolve([email('a@x.io')], context)).customerId).toBe('cus_001');
    expect((await resolver.resolve([customerId('cus_001')], context)).customerId).toBe('cus_001');
    expect(graph.state.customers.size).toBe(1);
  });

  it('registers a source-system customer id as a known customer', async () => {
    const { resolver, graph } = setup();
    expect(await resolver.resolve([customerId('cust-42')], context)).toEqual({
      customerId: 'cust-42',
      created: ['cust-42'],
      mergedIds: [],
    });
    expect(graph.idsWithStatus('customer')).toEqual(['cust-42']);
    // A later identifier-only event attaches to it once linked.
    await resolver.resolve([customerId('cust-42'), phone('+33612345678')], context);
    expect((await resolver.resolve([phone('+33612345678')], context)).customerId).toBe('cust-42');
  });

  it('answers from the cache once every identifier is cached', async () => {
    const { resolver, cache } = setup();
    await resolver.resolve([phone('+33612345678')], context);
    expect(cache.hits).toBe(0);
    await resolver.resolve([phone('+33612345678')], context);
    expect(cache.hits).toBe(1);
  });

  it('merges two customers linked by one request into the survivor and publishes it', async () => {
    const { resolver, graph, outbox, clock } = setup();
    await resolver.resolve([customerId('cust-old'), phone('+33600000001')], context);
    clock.advance(60_000);
    await resolver.resolve([customerId('cust-new'), email('b@x.io')], context);

    const merged = await resolver.resolve([phone('+33600000001'), email('b@x.io')], {
      source: 'test',
      causationId: 'evt-9',
    });
    expect(merged).toEqual({ customerId: 'cust-old', created: [], mergedIds: ['cust-new'] });
    expect(graph.state.customers.get('cust-new')).toMatchObject({
      status: 'merged',
      mergedInto: 'cust-old',
    });
    expect(graph.state.merges).toEqual([
      expect.objectContaining({
        type: 'customer.merged',
        customerId: 'cust-old',
        causationId: 'evt-9',
        payload: {
          survivorId: 'cust-old',
          mergedIds: ['cust-new'],
          identifiersMoved: [customerId('cust-new'), email('b@x.io')],
          reason: 'shared-identifier',
          matchedOn: ['email', 'phone'],
        },
      }),
    ]);
    expect(outbox.notifications).toBe(1);
    // The loser's id and identifiers now mean the survivor, cached or not.
    for (const ids of [[customerId('cust-new')], [email('b@x.io')]]) {
      expect((await resolver.resolve(ids, context)).customerId).toBe('cust-old');
    }
  });

  it('never lets a stale cache entry resolve to a merged loser', async () => {
    const { resolver, cache } = setup();
    await resolver.resolve([customerId('a'), phone('+33600000001')], context);
    await resolver.resolve([customerId('b'), email('b@x.io')], context);
    // A concurrent request read the graph before the merge and caches its answer after it.
    await resolver.resolve([phone('+33600000001'), email('b@x.io')], context);
    await cache.remember([email('b@x.io')], 'b');
    expect((await resolver.resolve([email('b@x.io')], context)).customerId).toBe('a');
  });

  it('leaves cache and outbox alone when the transaction rolls back', async () => {
    const { resolver, graph, cache, outbox } = setup();
    await resolver.resolve([customerId('a'), phone('+33600000001')], context);
    await resolver.resolve([customerId('b'), email('b@x.io')], context);
    graph.failNextCommit = true;
    await expect(
      resolver.resolve([phone('+33600000001'), email('b@x.io')], context),
    ).rejects.toThrow();
    expect(outbox.notifications).toBe(0);
    expect(cache.mergedInto.size).toBe(0);
    expect(graph.idsWithStatus('merged')).toEqual([]);
  });

  it('serialises concurrent resolutions of the same new identifier into one customer', async () => {
    const { resolver, graph } = setup();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => resolver.resolve([phone('+33612345678')], context)),
    );
    expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
    expect(graph.state.customers.size).toBe(1);
  });

  it('resolves concurrent cache misses together, in one transaction, in order', async () => {
    const { resolver, graph } = setup();
    const results = await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => resolver.resolve([customerId(`c-${i}`)], context)),
      resolver.resolve([customerId('c-0'), phone('+33600000001')], context),
    ]);
    expect(graph.transactions).toBe(1);
    expect(results.slice(0, 50).map((r) => r.customerId)).toEqual(
      Array.from({ length: 50 }, (_, i) => `c-${i}`),
    );
    // The last one ran after c-0 was registered in the same transaction: it found it.
    expect(results[50]).toEqual({ customerId: 'c-0', created: [], mergedIds: [] });
  });

  it('retries the members of a failed batch one by one', async () => {
    const { resolver, graph } = setup();
    graph.failNextCommit = true;
    const results = await Promise.all([
      resolver.resolve([phone('+33600000001')], context),
      resolver.resolve([phone('+33600000002')], context),
    ]);
    expect(results.map((r) => r.created.length)).toEqual([1, 1]);
    expect(graph.transactions).toBe(3);
  });

  describe('properties', () => {
    const identifier = fc.oneof(
      fc.integer({ min: 1, max: 6 }).map((n) => phone(`+3360000000${n}`)),
      fc.integer({ min: 1, max: 6 }).map((n) => email(`u${n}@x.io`)),
      fc.integer({ min: 1, max: 4 }).map((n) => customerId(`cust-${n}`)),
    );
    const requests = fc.array(fc.array(identifier, { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 12,
    });

    it('is idempotent and order-independent', async () => {
      await fc.assert(
        fc.asyncProperty(requests, async (sets) => {
          const { resolver, graph } = setup();
          for (const set of sets) await resolver.resolve(set, context);
          const before = structuredClone(graph.state);
          for (const set of sets) {
            const forward = await resolver.resolve(set, context);
            const backward = await resolver.resolve([...set].reverse(), context);
            expect(backward.customerId).toBe(forward.customerId);
            expect(forward.created).toEqual([]);
            expect(forward.mergedIds).toEqual([]);
          }
          expect(graph.state).toEqual(before);
        }),
        { numRuns: 200 },
      );
    });

    it('ends with one live customer per group of identifiers that were ever seen together', async () => {
      await fc.assert(
        fc.asyncProperty(requests, async (sets) => {
          const { resolver, graph } = setup();
          for (const set of sets) await resolver.resolve(set, context);
          // Union-find over the requests: the expected partition of identifiers.
          const parent = new Map<string, string>();
          const find = (k: string): string => {
            const p = parent.get(k) ?? k;
            return p === k ? k : find(p);
          };
          for (const set of sets) {
            const keys = set.map((i) => `${i.kind}:${i.value}`);
            for (const key of keys) parent.set(find(key), find(keys[0] as string));
          }
          const owners = new Map<string, string>();
          for (const set of sets) {
            for (const i of set) {
              const owner = graph.state.owners.get(`${i.kind}:${i.value}`) as string;
              expect(graph.state.customers.get(owner)?.status).not.toBe('merged');
              const group = find(`${i.kind}:${i.value}`);
              expect(owners.get(group) ?? owner).toBe(owner);
              owners.set(group, owner);
            }
          }
          expect(new Set(owners.values()).size).toBe(new Set(owners.keys()).size);
        }),
        { numRuns: 200 },
      );
    });
  });
});
