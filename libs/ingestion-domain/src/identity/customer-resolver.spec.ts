import type { PlatformError } from '@cip/contracts';
import { FixedClock } from '../clock';
import { RecordContactEvent } from '../record-contact-event.use-case';
import { InMemoryLedger, RecordingPublisher } from '../testing.fakes';
import { ContactEventCustomerResolver } from './customer-resolver';
import { IdentifierNormaliser } from './identifier.normaliser';
import {
  CountingOutboxNotifier,
  InMemoryIdentityCache,
  InMemoryIdentityGraph,
} from './identity.fakes';
import { ResolveCustomer } from './resolve-customer.use-case';

function setup() {
  const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));
  const graph = new InMemoryIdentityGraph();
  let next = 0;
  const resolveCustomer = new ResolveCustomer({
    graph,
    cache: new InMemoryIdentityCache(),
    outbox: new CountingOutboxNotifier(),
    clock,
    customerIds: { next: () => `cus_${(next += 1)}` },
  });
  const normaliser = new IdentifierNormaliser({
    defaultCallingCode: '33',
    nationalIdHashSecret: 's'.repeat(32),
  });
  const customerResolver = new ContactEventCustomerResolver(
    normaliser,
    resolveCustomer,
    'INVALID_EVENT',
  );
  const publisher = new RecordingPublisher();
  const useCase = new RecordContactEvent(new InMemoryLedger(), publisher, clock, {
    customerResolver,
  });
  return { clock, graph, publisher, useCase, customerResolver };
}

let sequence = 0;
function event(naming: Record<string, unknown>): Record<string, unknown> {
  sequence += 1;
  return {
    eventId: `evt-${sequence}`,
    type: 'survey.answered',
    version: 1,
    occurredAt: '2025-01-01T11:00:00Z',
    source: 'web',
    payload: { score: 9 },
    ...naming,
  };
}

async function errorOf(work: Promise<unknown>): Promise<PlatformError> {
  try {
    await work;
  } catch (error) {
    return error as PlatformError;
  }
  throw new Error('expected a rejection');
}

describe('RecordContactEvent with identity resolution', () => {
  it('publishes identifier-only events under the canonical customer, without the identifiers', async () => {
    const { useCase, publisher } = setup();
    await useCase.record(event({ identifiers: { phone: '+33 6 12 34 56 78' } }));
    await useCase.record(event({ identifiers: { phone: '06.12.34.56.78', email: 'A@x.io' } }));
    await useCase.record(event({ identifiers: { email: 'a@x.io' } }));
    expect(publisher.published.map((e) => e.customerId)).toEqual(['cus_1', 'cus_1', 'cus_1']);
    expect(publisher.published[0]).not.toHaveProperty('identifiers');
  });

  it('registers a given customerId so later identifier-only events attach to it', async () => {
    const { useCase, publisher, graph } = setup();
    await useCase.record(event({ customerId: 'cust-42', identifiers: { email: 'b@x.io' } }));
    await useCase.record(event({ identifiers: { email: 'B@X.IO' } }));
    expect(publisher.published.map((e) => e.customerId)).toEqual(['cust-42', 'cust-42']);
    expect(graph.idsWithStatus('customer')).toEqual(['cust-42']);
  });

  it('publishes a merged customer id under its survivor', async () => {
    const { useCase, publisher, clock } = setup();
    await useCase.record(event({ customerId: 'old', identifiers: { phone: '+33600000001' } }));
    clock.advance(1_000); // the oldest survives
    await useCase.record(event({ customerId: 'new', identifiers: { email: 'c@x.io' } }));
    await useCase.record(event({ identifiers: { phone: '+33600000001', email: 'c@x.io' } }));
    await useCase.record(event({ customerId: 'new' }));
    expect(publisher.published.map((e) => e.customerId)).toEqual(['old', 'new', 'old', 'old']);
  });

  it('names invalid identifiers and leaves bodies the decoder must refuse untouched', async () => {
    const { useCase, customerResolver, graph } = setup();
    const invalid = await errorOf(
      useCase.record(event({ identifiers: { phone: 'abc', fax: '1' } })),
    );
    expect(invalid.code).toBe('INVALID_EVENT');
    const conflicting = await errorOf(
      useCase.record(event({ customerId: 'a', identifiers: { customerId: 'b' } })),
    );
    expect(conflicting.details?.['issues']).toEqual([
      expect.objectContaining({ path: '/identifiers/customerId' }),
    ]);
    for (const body of [null, [1], { payload: {} }]) {
      expect(await customerResolver.resolveBody(body)).toBe(body);
    }
    expect(
      await customerResolver.resolveBody({ customerId: '', identifiers: { email: 'a@x.io' } }),
    ).toEqual({
      customerId: '',
    });
    const missing = await errorOf(useCase.record(event({})));
    expect(missing.details?.['issues']).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/customerId' })]),
    );
    expect(graph.state.customers.size).toBe(0);
  });
});
