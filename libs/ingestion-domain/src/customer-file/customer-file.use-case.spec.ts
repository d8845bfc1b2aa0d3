import type { PlatformError } from '@cip/contracts';
import { FixedClock } from '../clock';
import {
  CountingOutboxNotifier,
  InMemoryIdentityCache,
  InMemoryIdentityGraph,
} from '../identity/identity.fakes';
import { ResolveCustomer } from '../identity/resolve-customer.use-case';
import { InMemoryProfileStore } from './customer-file.fakes';
import { CustomerFile } from './customer-file.use-case';

function setup() {
  const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));
  const graph = new InMemoryIdentityGraph();
  const outbox = new CountingOutboxNotifier();
  const resolveCustomer = new ResolveCustomer({
    graph,
    cache: new InMemoryIdentityCache(),
    outbox,
    clock,
  });
  const store = new InMemoryProfileStore(graph);
  const file = new CustomerFile({
    store,
    resolveCustomer,
    defaultCallingCode: '33',
    outbox,
    clock,
    eventIds: () => 'x',
  });
  return { clock, graph, outbox, store, file, resolveCustomer };
}

async function errorOf(work: Promise<unknown>): Promise<PlatformError> {
  try {
    await work;
  } catch (error) {
    return error as PlatformError;
  }
  throw new Error('expected a rejection');
}

const put = (
  body: unknown,
  extra: Partial<{ expectedVersion: number | 'any'; customerId: string }> = {},
) => ({
  customerId: 'cust-1',
  mode: 'replace' as const,
  body,
  expectedVersion: undefined,
  actor: 'agent-7',
  ...extra,
});

describe('CustomerFile', () => {
  it('creates the file of a new id on PUT, normalising contact details, audited and published', async () => {
    const { file, store, graph, outbox } = setup();
    const result = await file.change(
      put({
        contact: { email: ' Ann@Example.com ', phone: '06 12 34 56 78' },
        preferences: { timeZone: 'Europe/Paris' },
      }),
    );
    expect(result).toMatchObject({
      kind: 'profile',
      changed: true,
      stored: {
        customerId: 'cust-1',
        status: 'customer',
        version: 1,
        profile: { contact: { email: 'ann@example.com', phone: '+33612345678' } },
      },
    });
    expect(graph.idsWithStatus('customer')).toEqual(['cust-1']);
    expect(store.auditTrail).toEqual([
      expect.objectContaining({ customerId: 'cust-1', version: 1, actor: 'agent-7' }),
    ]);
    expect(store.outbox).toEqual([
      expect.objectContaining({
        type: 'customer.profile.changed',
        customerId: 'cust-1',
        payload: {
          profileVersion: 1,
          changedBy: { actor: 'agent-7', via: 'api' },
          changes: [
            { field: '/contact', value: { email: 'ann@example.com', phone: '+33612345678' } },
            { field: '/preferences', value: { timeZone: 'Europe/Paris' } },
          ],
        },
      }),
    ]);
    expect(outbox.notifications).toBe(1);
  });

  it('keeps the assigned agent and publishes its changes as JSON pointers', async () => {
    const { file, store } = setup();
    await file.change(put({ relationship: { assignedAgentId: 'agent-7' } }));
    await file.change({
      ...put({ relationship: { assignedAgentId: 'agent-8' } }),
      mode: 'merge-patch',
    });
    await file.change({ ...put({ relationship: null }), mode: 'merge-patch' });
    expect(store.outbox.map((event) => event.payload.changes)).toEqual([
      [{ field: '/relationship', value: { assignedAgentId: 'agent-7' } }],
      [{ field: '/relationship/assignedAgentId', value: 'agent-8' }],
      [{ field: '/relationship', value: null }],
    ]);
    const refused = await errorOf(
      file.change(put({ relationship: { assignedAgentId: 'x'.repeat(65) } })),
    );
    expect(refused.code).toBe('INVALID_PROFILE');
  });

  it('merge-patches, removing fields with null, and checks If-Match', async () => {
    const { file, store } = setup();
    await file.change(put({ contact: { email: 'a@x.io' }, kind: 'person' }));
    const patched = await file.change({
      ...put(
        { contact: { email: null }, demographics: { givenName: 'Ann' } },
        { expectedVersion: 1 },
      ),
      mode: 'merge-patch',
    });
    expect(patched).toMatchObject({
      stored: {
        version: 2,
        profile: { kind: 'person', contact: {}, demographics: { givenName: 'Ann' } },
      },
    });
    expect(store.auditTrail[1]?.changes).toEqual([
      { field: '/contact/email', value: null },
      { field: '/demographics', value: { givenName: 'Ann' } },
    ]);
    const stale = await errorOf(
      file.change({
        ...put({ kind: 'organisation' }, { expectedVersion: 1 }),
        mode: 'merge-patch',
      }),
    );
    expect(stale.code).toBe('PROFILE_VERSION_MISMATCH');
    expect(store.profiles.get('cust-1')?.version).toBe(2);
  });

  it('names every invalid field and refuses unknown ones; writes nothing', async () => {
    const { file, store, graph } = setup();
    const error = await errorOf(
      file.change(
        put({
          contact: { phone: 'call me', email: 'nope' },
          preferences: { timeZone: 'Mars/Olympus', language: 'not a tag', channel: 'pigeon' },
          creditGrade: 'A',
        }),
      ),
    );
    expect(error.code).toBe('INVALID_PROFILE');
    const paths = (error.details?.['issues'] as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual([
      '/',
      '/contact/email',
      '/contact/phone',
      '/preferences/channel',
      '/preferences/language',
      '/preferences/timeZone',
    ]);
    expect(graph.state.customers.size).toBe(0);
    expect(store.auditTrail).toHaveLength(0);
  });

  it('accepts consent per channel and purpose with time and source', async () => {
    const { file } = setup();
    const consent = { granted: true, at: '2024-12-01T10:00:00Z', source: 'web-form' };
    const result = await file.change(
      put({ preferences: { consents: { email: { marketing: consent } } } }),
    );
    expect(result).toMatchObject({
      stored: { profile: { preferences: { consents: { email: { marketing: consent } } } } },
    });
    const bad = await errorOf(
      file.change(put({ preferences: { consents: { fax: { marketing: consent } } } })),
    );
    expect(bad.code).toBe('INVALID_PROFILE');
  });

  it('changes nothing (no version, audit or event) when the new profile equals the old', async () => {
    const { file, store } = setup();
    await file.change(put({ kind: 'person' }));
    const again = await file.change(put({ kind: 'person' }));
    expect(again).toMatchObject({ changed: false, stored: { version: 1 } });
    expect(store.auditTrail).toHaveLength(1);
    expect(store.outbox).toHaveLength(1);
  });

  it('answers a merged id with its survivor and an unknown one with 404-coded errors', async () => {
    const { file, resolveCustomer } = setup();
    await resolveCustomer.resolve(
      [
        { kind: 'customerId', value: 'a' },
        { kind: 'email', value: 'a@x.io' },
      ],
      { source: 't' },
    );
    await resolveCustomer.resolve(
      [
        { kind: 'customerId', value: 'b' },
        { kind: 'phone', value: '+33600000001' },
      ],
      { source: 't' },
    );
    await resolveCustomer.resolve(
      [
        { kind: 'email', value: 'a@x.io' },
        { kind: 'phone', value: '+33600000001' },
      ],
      { source: 't' },
    );
    expect(await file.get('b')).toEqual({ kind: 'merged', survivorId: 'a' });
    expect(
      await file.change({ ...put({ kind: 'person' }), customerId: 'b', mode: 'merge-patch' }),
    ).toEqual({
      kind: 'merged',
      survivorId: 'a',
    });
    expect((await errorOf(file.get('nobody'))).code).toBe('CUSTOMER_NOT_FOUND');
    expect(
      (await errorOf(file.change({ ...put({}), customerId: 'nobody', mode: 'merge-patch' }))).code,
    ).toBe('CUSTOMER_NOT_FOUND');
  });
});
