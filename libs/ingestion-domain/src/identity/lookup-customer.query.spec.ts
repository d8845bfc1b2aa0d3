import { FixedClock } from '../clock';
import type { Identifier } from './identifier';
import {
  CountingOutboxNotifier,
  InMemoryIdentityCache,
  InMemoryIdentityGraph,
} from './identity.fakes';
import { lookupCustomer } from './lookup-customer.query';
import { ResolveCustomer } from './resolve-customer.use-case';

const phone: Identifier = { kind: 'phone', value: '+33600000001' };
const email: Identifier = { kind: 'email', value: 'a@x.io' };
const device: Identifier = { kind: 'deviceId', value: 'd-1' };

function setup() {
  const graph = new InMemoryIdentityGraph();
  const cache = new InMemoryIdentityCache();
  const clock = new FixedClock(new Date('2025-01-01T00:00:00Z'));
  const resolver = new ResolveCustomer({
    graph,
    cache,
    outbox: new CountingOutboxNotifier(),
    clock,
  });
  return { graph, cache, resolver, clock };
}

describe('lookupCustomer', () => {
  it('finds the customer, names the kinds it matched, and changes nothing', async () => {
    const { graph, cache, resolver } = setup();
    await resolver.resolve([{ kind: 'customerId', value: 'c-1' }, phone], { source: 't' });
    const before = structuredClone(graph.state);
    expect(await lookupCustomer(graph, cache, [phone, device])).toEqual({
      customerId: 'c-1',
      candidates: ['c-1'],
      matched: ['phone'],
      unmatched: ['deviceId'],
    });
    expect(await lookupCustomer(graph, cache, [device])).toBeUndefined();
    expect(graph.state).toEqual(before);
  });

  it('lists several candidates instead of merging them', async () => {
    const { graph, cache, resolver, clock } = setup();
    await resolver.resolve([{ kind: 'customerId', value: 'c-1' }, phone], { source: 't' });
    clock.advance(1_000);
    await resolver.resolve([{ kind: 'customerId', value: 'c-2' }, email], { source: 't' });
    expect(await lookupCustomer(graph, cache, [email, phone])).toEqual({
      customerId: null,
      candidates: ['c-1', 'c-2'],
      matched: ['email', 'phone'],
      unmatched: [],
    });
    expect(graph.idsWithStatus('merged')).toEqual([]);
  });
});
