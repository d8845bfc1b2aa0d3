import { InvalidInputError, PlatformError, type ContactEvent } from '@cip/contracts';
import { FixedClock } from './clock';
import { findEventStatus } from './event-status.query';
import { RecordContactEvent, requestFingerprint } from './record-contact-event.use-case';
import { InMemoryLedger, RecordingPublisher } from './testing.fakes';

const event = {
  eventId: 'evt-1',
  type: 'purchase.completed',
  version: 1,
  occurredAt: '2025-01-01T11:00:00Z',
  customerId: 'cust-42',
  source: 'web',
  payload: { amount: 12.5, currency: 'EUR', productId: 'p-1' },
};

function setup() {
  const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));
  const ledger = new InMemoryLedger();
  const publisher = new RecordingPublisher();
  const useCase = new RecordContactEvent(ledger, publisher, clock, { pendingTimeoutMs: 30_000 });
  return { clock, ledger, publisher, useCase };
}

async function errorOf(work: Promise<unknown>): Promise<PlatformError> {
  try {
    await work;
  } catch (error) {
    return error as PlatformError;
  }
  throw new Error('expected a rejection');
}

describe('RecordContactEvent', () => {
  it('publishes once and records the acceptance', async () => {
    const { useCase, publisher, ledger } = setup();
    const outcome = await useCase.record(event);
    expect(outcome).toEqual({
      receipt: { eventId: 'evt-1', status: 'accepted', acceptedAt: '2025-01-01T12:00:00.000Z' },
      replayed: false,
    });
    expect(publisher.published).toEqual([event]);
    expect(ledger.rows.get('evt-1')?.status).toBe('accepted');
  });

  it('answers a replay with the original outcome and publishes nothing', async () => {
    const { useCase, publisher, clock } = setup();
    const first = await useCase.record(event);
    clock.advance(60_000);
    // Key order differs: still the same body.
    const { payload, ...envelope } = event;
    const replay = await useCase.record({
      payload: { productId: 'p-1', currency: 'EUR', amount: 12.5 },
      ...envelope,
    });
    expect(payload.amount).toBe(12.5);
    expect(replay).toEqual({ receipt: first.receipt, replayed: true });
    expect(publisher.published).toHaveLength(1);
  });

  it('refuses the same id with a different body', async () => {
    const { useCase } = setup();
    await useCase.record(event);
    const error = await errorOf(
      useCase.record({ ...event, payload: { ...event.payload, amount: 13 } }),
    );
    expect(error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('publishes concurrent duplicates at most once', async () => {
    const { useCase, publisher } = setup();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => useCase.record(event)),
    );
    expect(publisher.published).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const r of rejected)
      expect((r.reason as PlatformError).code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
  });

  it('releases the claim when publishing fails so a retry succeeds', async () => {
    const { useCase, publisher, ledger } = setup();
    publisher.failWith = new PlatformError('BUS_UNAVAILABLE', 'kafka down');
    expect((await errorOf(useCase.record(event))).code).toBe('BUS_UNAVAILABLE');
    expect(ledger.rows.size).toBe(0);
    publisher.failWith = undefined;
    expect((await useCase.record(event)).replayed).toBe(false);
    expect(publisher.published).toHaveLength(1);
  });

  it('retakes an abandoned claim only after the pending timeout', async () => {
    const { useCase, publisher, ledger, clock } = setup();
    await ledger.claim({
      eventId: 'evt-1',
      customerId: 'cust-42',
      type: 'purchase.completed',
      bodyHash: requestFingerprint(event as ContactEvent, event),
      status: 'pending',
      occurredAt: new Date(event.occurredAt),
      acceptedAt: clock.now(),
      topic: 'contact-events',
    });
    expect((await errorOf(useCase.record(event))).code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    clock.advance(30_000);
    expect((await useCase.record(event)).replayed).toBe(false);
    expect(publisher.published).toHaveLength(1);
  });

  it('rejects an invalid event before touching the ledger', async () => {
    const { useCase, ledger, publisher } = setup();
    const error = await errorOf(useCase.record({ ...event, customerId: undefined }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.details?.['issues']).toEqual([expect.objectContaining({ path: '/customerId' })]);
    expect(ledger.rows.size).toBe(0);
    expect(publisher.published).toHaveLength(0);
  });

  it('reports the ledger outcome, 404-coded when unknown', async () => {
    const { useCase, ledger } = setup();
    await useCase.record(event);
    expect(await findEventStatus(ledger, 'evt-1')).toMatchObject({
      eventId: 'evt-1',
      status: 'accepted',
    });
    expect((await errorOf(findEventStatus(ledger, 'nope'))).code).toBe('EVENT_NOT_FOUND');
  });
});

describe('RecordContactEvent.recordBatch', () => {
  const second = { ...event, eventId: 'evt-2', customerId: 'cust-43' };

  it('settles each item on its own: accepted, replayed, invalid and conflicting', async () => {
    const { useCase, publisher } = setup();
    await useCase.record(event);
    const outcomes = await useCase.recordBatch([
      second,
      event,
      { ...event, eventId: 'evt-3', customerId: '' },
      { ...event, payload: { ...event.payload, amount: 99 } },
      'not an event',
    ]);
    expect(outcomes.map(({ index, eventId, status }) => ({ index, eventId, status }))).toEqual([
      { index: 0, eventId: 'evt-2', status: 'accepted' },
      { index: 1, eventId: 'evt-1', status: 'replayed' },
      { index: 2, eventId: 'evt-3', status: 'rejected' },
      { index: 3, eventId: 'evt-1', status: 'rejected' },
      { index: 4, eventId: undefined, status: 'rejected' },
    ]);
    expect(outcomes[2]).toMatchObject({ error: expect.any(InvalidInputError) });
    expect(outcomes[3]).toMatchObject({ error: { code: 'IDEMPOTENCY_CONFLICT' } });
    expect(publisher.published.map((e) => e.eventId)).toEqual(['evt-1', 'evt-2']);
  });

  it('publishes a duplicate within one batch once and refuses the other copy', async () => {
    const { useCase, publisher } = setup();
    const outcomes = await useCase.recordBatch([second, second]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['accepted', 'rejected']);
    expect(publisher.published).toHaveLength(1);
  });

  it('reports a publishing failure per item and leaves nothing claimed', async () => {
    const { useCase, publisher, ledger } = setup();
    publisher.failWith = new PlatformError('BUS_UNAVAILABLE', 'kafka is down');
    const outcomes = await useCase.recordBatch([event, second]);
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'rejected', error: publisher.failWith }),
      expect.objectContaining({ status: 'rejected', error: publisher.failWith }),
    ]);
    expect(ledger.rows.size).toBe(0);
  });

  it('replays a retry whose customer was merged meanwhile, and still refuses a changed body', async () => {
    const clock = new FixedClock(new Date('2025-01-01T12:00:00.000Z'));
    const publisher = new RecordingPublisher();
    // The phone first resolves to a prospect; by the retry it was merged into cust-survivor.
    let canonicalId = 'cus-prospect';
    const customerResolver = {
      resolveBody: async (body: unknown) => {
        const { identifiers: _identifiers, ...rest } = body as Record<string, unknown>;
        return { ...rest, customerId: canonicalId };
      },
    };
    const useCase = new RecordContactEvent(new InMemoryLedger(), publisher, clock, {
      customerResolver,
    });
    const { customerId: _customerId, ...anonymous } = event;
    const byPhone = { ...anonymous, identifiers: { phone: '+33612345678' } };

    const first = await useCase.record(byPhone);
    canonicalId = 'cust-survivor';
    expect(await useCase.record(byPhone)).toEqual({ receipt: first.receipt, replayed: true });
    expect(publisher.published.map((e) => e.customerId)).toEqual(['cus-prospect']);

    const changed = { ...byPhone, identifiers: { phone: '+33699999999' } };
    expect((await errorOf(useCase.record(changed))).code).toBe('IDEMPOTENCY_CONFLICT');
  });
});
