import type { ContactEvent } from '@cip/contracts';
import { ApplyContactEventUseCase } from './apply-contact-event.use-case';
import {
  DEFINITION,
  FakePublisher,
  FakeRecords,
  FakeRedirector,
  FakeStates,
} from '../testing.fakes';

let seq = 0;
const complaint = (day: number): ContactEvent => ({
  eventId: `ev-${++seq}`,
  type: 'complaint.filed',
  version: 1,
  occurredAt: new Date(Date.UTC(2026, 0, 1 + day)).toISOString(),
  customerId: 'c-1',
  source: 'test',
  payload: { complaintId: `k${seq}`, category: 'billing', severity: 'medium' },
});

function setup() {
  const states = new FakeStates();
  const records = new FakeRecords();
  const publisher = new FakePublisher();
  const redirector = new FakeRedirector();
  const useCase = new ApplyContactEventUseCase({
    consumer: 'segmentation.contact-events',
    definitions: { get: async () => [DEFINITION] },
    states,
    records,
    publisher,
    redirector,
  });
  return { states, records, publisher, redirector, useCase };
}

describe('ApplyContactEventUseCase', () => {
  it('publishes and records one entry on the 2nd complaint; a redelivery does nothing', async () => {
    const { useCase, publisher, records } = setup();
    const second = complaint(2);
    await useCase.execute(complaint(1));
    expect(publisher.published).toHaveLength(0);
    await useCase.execute(second);
    expect(publisher.published.map((c) => c.change)).toEqual(['entered']);
    expect(await useCase.execute(second)).toEqual({ status: 'already-processed' });
    expect(publisher.published).toHaveLength(1);
    expect(records.history.size).toBe(1);
  });

  it('a crash after the Redis write is recovered on redelivery with the same event id', async () => {
    const { useCase, publisher, records } = setup();
    await useCase.execute(complaint(1));
    const second = complaint(2);
    records.failNextRecord = true;
    await expect(useCase.execute(second)).rejects.toThrow('postgres down');
    expect(await useCase.execute(second)).toMatchObject({ status: 'recovered' });
    expect(publisher.published).toHaveLength(2);
    expect(publisher.published[0]?.eventId).toBe(publisher.published[1]?.eventId);
    expect([...records.history.keys()]).toEqual([publisher.published[0]?.eventId]);
  });

  it('rebuilds from the Postgres snapshot when Redis lost the customer', async () => {
    const { useCase, publisher, states } = setup();
    await useCase.execute(complaint(1));
    await useCase.execute(complaint(2));
    states.data.clear();
    await useCase.execute(complaint(3));
    expect(publisher.published).toHaveLength(1);
    expect(states.data.get('c-1')?.version).toBe(3);
  });

  it('re-reads and retries when another handler changed the state meanwhile', async () => {
    const { useCase, states } = setup();
    await useCase.execute(complaint(1));
    const realCas = states.compareAndSet.bind(states);
    let conflicts = 1;
    states.compareAndSet = async (state, expected) =>
      conflicts-- > 0 ? false : realCas(state, expected);
    expect(await useCase.execute(complaint(2))).toMatchObject({ status: 'applied' });
    expect(states.data.get('c-1')?.version).toBe(2);
  });

  it('routes an event of a merged customer to the survivor, unclaimed and unapplied', async () => {
    const { useCase, states, records, redirector, publisher } = setup();
    await useCase.execute(complaint(1));
    const stored = states.data.get('c-1');
    if (!stored) throw new Error('state not stored');
    const tombstone = { ...stored.state, mergedInto: 'c-9', version: 2 };
    states.data.set('c-1', { state: tombstone, version: 2 });
    const late = complaint(2);
    expect(await useCase.execute(late)).toEqual({ status: 'redirected', survivorId: 'c-9' });
    expect(redirector.redirected).toEqual([{ event: late, survivorId: 'c-9' }]);
    expect(records.processed.has(late.eventId)).toBe(false);
    expect(states.data.get('c-1')?.state).toBe(tombstone);
    expect(publisher.published).toEqual([]);
  });
});
