import {
  deadLetterTopicOf,
  HEADERS,
  segmentMembershipChangedV1Schema,
  type ContactEvent,
} from '@cip/contracts';
import { segmentCode } from '@cip/segmentation-domain';
import { INBOX_PRUNE_SCHEDULER, type RetentionPruneScheduler } from '@cip/service-kit';
import {
  customerMergedEvent,
  seedInboxRetentionProbe,
  waitForInbox,
  type ReadMessage,
} from '@cip/testing';
import { startSegmentationHarness, type SegmentationHarness } from './segmentation-int.harness';
import { RedisSegmentStateStore } from './infrastructure/redis-segment-state.store';
import { CONTACT_EVENTS_CONSUMER, CUSTOMER_MERGED_CONSUMER } from './segmentation.module';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

describe('segmentation service (real Kafka, Redis, Postgres)', () => {
  let h: SegmentationHarness;

  beforeAll(async () => {
    h = await startSegmentationHarness('seg', T0);
  }, 90_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  /** Each test starts at the service's current time; events move it forward as they happen. */
  let T = T0;
  beforeEach(() => {
    T = h.clock.now;
  });
  let seq = 0;
  function contactEvent(
    customerId: string,
    type: 'complaint.filed' | 'call.completed',
    atMs: number,
  ): ContactEvent {
    seq += 1;
    h.clock.now = Math.max(h.clock.now, atMs);
    const base = {
      eventId: `${h.isolation.id}-ev-${seq}`,
      version: 1 as const,
      occurredAt: new Date(atMs).toISOString(),
      customerId,
      source: 'int-test',
      correlationId: `corr-${seq}`,
    };
    return type === 'complaint.filed'
      ? {
          ...base,
          type,
          payload: { complaintId: `cmp-${seq}`, category: 'billing', severity: 'high' },
        }
      : {
          ...base,
          type,
          payload: { direction: 'inbound', durationSeconds: 60, outcome: 'resolved' },
        };
  }

  const produce = (event: ContactEvent): Promise<void> => h.produceEvent(event);

  const waitProcessed = (eventId: string, consumer = CONTACT_EVENTS_CONSUMER): Promise<void> =>
    waitForInbox(h.dataSource, consumer, eventId);

  const membershipsOf = (customerId: string): ReadMessage[] =>
    h.reader.on(h.topics.membership).filter((m) => m.key === customerId);
  const quiet = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it('publishes exactly one `entered` on the 2nd complaint, and none on a redelivery', async () => {
    const customerId = `cust-${h.isolation.id}-1`;
    const first = contactEvent(customerId, 'complaint.filed', T);
    await produce(first);
    await waitProcessed(first.eventId);
    await quiet(500);
    expect(membershipsOf(customerId)).toHaveLength(0);

    const second = contactEvent(customerId, 'complaint.filed', T + 3 * DAY);
    await produce(second);
    const [message] = await h.reader.waitFor((all) => {
      const found = all.filter((m) => m.topic === h.topics.membership && m.key === customerId);
      return found.length > 0 && found;
    });
    const event = segmentMembershipChangedV1Schema.parse(message?.value);
    expect(event).toMatchObject({
      type: 'segment.membership.changed',
      customerId,
      causationId: second.eventId,
      correlationId: second.correlationId,
      occurredAt: second.occurredAt,
      payload: {
        segmentId: 'repeated-complainers',
        definitionVersion: 1,
        change: 'entered',
        triggeringEventId: second.eventId,
        reason: { values: { 'count(complaint.filed,30d)': 2 } },
      },
    });
    expect(message?.headers[HEADERS.eventType]).toBe('segment.membership.changed');

    // Redelivery: the same record produced again, then a later event of the same customer (same
    // partition, so once it is processed the duplicate has been handled too).
    await produce(second);
    await produce(first);
    const later = contactEvent(customerId, 'call.completed', T + 4 * DAY);
    await produce(later);
    await waitProcessed(later.eventId);
    await quiet(1_000);
    expect(membershipsOf(customerId)).toHaveLength(1);

    const [state] = (await h.dataSource.query(
      `SELECT seq, state FROM segment_customer_state WHERE customer_id = $1`,
      [customerId],
    )) as Array<{ seq: number | string; state: Record<string, string> }>;
    // Three distinct events applied (`v`), duplicates not counted; member of the segment.
    expect(parseInt(state!.state['v']!, 36)).toBe(3);
    expect(state?.state['M']).toBe(`${segmentCode('repeated-complainers')}.1`);

    const members = (await h.dataSource.query(
      `SELECT segment_id, definition_version, reason FROM segment_membership WHERE customer_id = $1`,
      [customerId],
    )) as Array<{ segment_id: string; definition_version: number; reason: { summary: string } }>;
    expect(members).toEqual([
      expect.objectContaining({ segment_id: 'repeated-complainers', definition_version: 1 }),
    ]);
    const history = (await h.dataSource.query(
      `SELECT change, event_id, triggering_event_id FROM segment_membership_history WHERE customer_id = $1`,
      [customerId],
    )) as Array<{ change: string; event_id: string; triggering_event_id: string }>;
    expect(history).toEqual([
      { change: 'entered', event_id: event.eventId, triggering_event_id: second.eventId },
    ]);
    const inbox = (await h.dataSource.query(
      `SELECT count(*)::int AS n FROM processed_event WHERE consumer = $1 AND event_id LIKE $2`,
      [CONTACT_EVENTS_CONSUMER, `${h.isolation.id}-ev-%`],
    )) as Array<{ n: number }>;
    expect(inbox[0]?.n).toBeGreaterThanOrEqual(3);

    // The HTTP view of the same memberships.
    const response = await fetch(`${h.baseUrl}/v1/customers/${customerId}/segments`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      customerId,
      segments: [
        {
          segmentId: 'repeated-complainers',
          definitionVersion: 1,
          reason: { values: { 'count(complaint.filed,30d)': 2 } },
        },
      ],
    });
  });

  it('restores a lost Redis state from Postgres, then exits by time alone through its timer', async () => {
    const customerId = `cust-${h.isolation.id}-2`;
    const a = contactEvent(customerId, 'complaint.filed', T);
    const b = contactEvent(customerId, 'complaint.filed', T + DAY);
    await produce(a);
    await produce(b);
    await waitProcessed(b.eventId);
    await h.reader.waitFor((all) =>
      all.some((m) => m.topic === h.topics.membership && m.key === customerId),
    );

    const redis = h.redis;
    const stateKeys = await redis.keys(`${h.config.redis.keyPrefix}cust:{${customerId}}:*`);
    expect(stateKeys.length).toBeGreaterThan(0);
    // Redis loses the customer: its hash (and with it the bitmap ordinal of its timer's shard).
    await redis.del(...stateKeys);

    // Still a member after the restore (3 complaints): no flip, no event; the timer is re-armed.
    const c = contactEvent(customerId, 'complaint.filed', T + 2 * DAY);
    await produce(c);
    await waitProcessed(c.eventId);
    const store = new RedisSegmentStateStore(redis, h.config.redis.keyPrefix);
    expect(await store.timerOf(customerId)).toBeGreaterThan(h.clock.now);

    // No event any more: once the last complaint is older than 30 days, the timer makes it exit.
    h.clock.now = T + 40 * DAY;
    await h.reader.waitFor((all) =>
      all.some(
        (m) =>
          m.topic === h.topics.membership &&
          m.key === customerId &&
          (m.value as { payload: { change: string } }).payload.change === 'exited',
      ),
    );
    await quiet(500);
    const changes = membershipsOf(customerId).map(
      (m) => (m.value as { payload: { change: string; triggeringEventId: string } }).payload,
    );
    expect(changes.map((p) => p.change)).toEqual(['entered', 'exited']);
    expect(changes[1]!.triggeringEventId).toMatch(new RegExp(`^timer:${customerId}:`));
    const hot = await redis.hget(`${h.config.redis.keyPrefix}cust:{${customerId}}:seg:feat`, 'm');
    expect(hot).toBeNull();
    const rows = (await h.dataSource.query(
      `SELECT 1 FROM segment_membership WHERE customer_id = $1`,
      [customerId],
    )) as unknown[];
    expect(rows).toHaveLength(0);
  });

  it('merges B into A: A enters with the merge reason, B exits, a late event of B goes to A', async () => {
    const a = `cust-${h.isolation.id}-4a`;
    const b = `cust-${h.isolation.id}-4b`;
    // A alone stays below the threshold; B is a member on its own and A is only with B's history.
    const aFirst = contactEvent(a, 'complaint.filed', T);
    await produce(aFirst);
    await produce(contactEvent(b, 'complaint.filed', T + DAY));
    const bLast = contactEvent(b, 'complaint.filed', T + 2 * DAY);
    await produce(bLast);
    await waitProcessed(aFirst.eventId);
    await waitProcessed(bLast.eventId);
    await h.reader.waitFor((all) =>
      all.some((m) => m.topic === h.topics.membership && m.key === b),
    );

    const merge = customerMergedEvent({
      eventId: `${h.isolation.id}-merge-1`,
      survivorId: a,
      mergedIds: [b],
      occurredAt: new Date(T + 3 * DAY).toISOString(),
      correlationId: `${h.isolation.id}-merge-corr`,
    });
    await h.produce(h.topics.merged, a, merge);
    await waitProcessed(merge.eventId, CUSTOMER_MERGED_CONSUMER);
    // Published before the inbox row was written; the reader may still be catching up.
    await h.reader.waitFor(
      (all) =>
        all.some((m) => m.topic === h.topics.membership && m.key === a) &&
        all.filter((m) => m.topic === h.topics.membership && m.key === b).length >= 2,
    );

    const payloads = (customerId: string) =>
      membershipsOf(customerId).map((m) => segmentMembershipChangedV1Schema.parse(m.value));
    expect(payloads(a)).toEqual([
      expect.objectContaining({
        causationId: merge.eventId,
        correlationId: merge.correlationId,
        payload: expect.objectContaining({
          segmentId: 'repeated-complainers',
          change: 'entered',
          triggeringEventId: merge.eventId,
          reason: expect.objectContaining({
            values: expect.objectContaining({ 'count(complaint.filed,30d)': 3 }),
          }),
        }),
      }),
    ]);
    expect(payloads(b).map((e) => [e.payload.change, e.payload.cause])).toEqual([
      ['entered', undefined],
      ['exited', 'merge'],
    ]);
    const current = (await h.dataSource.query(
      `SELECT customer_id FROM segment_membership WHERE customer_id = ANY($1::text[])`,
      [[a, b]],
    )) as Array<{ customer_id: string }>;
    expect(current).toEqual([{ customer_id: a }]);
    const asked = await fetch(`${h.baseUrl}/v1/customers/${b}/segments`, { redirect: 'manual' });
    expect([asked.status, asked.headers.get('location')]).toEqual([
      308,
      `/v1/customers/${a}/segments`,
    ]);

    // Keyed by B before ingestion knew: re-published for A with the same id, applied to A only.
    const late = contactEvent(b, 'call.completed', T + 4 * DAY);
    await produce(late);
    const [rerouted] = await h.reader.waitFor((all) => {
      const found = all.filter(
        (m) =>
          m.topic === h.topics.contactEvents &&
          m.key === a &&
          (m.value as ContactEvent).eventId === late.eventId,
      );
      return found.length > 0 && found;
    });
    expect(rerouted?.value).toEqual({ ...late, customerId: a });
    await waitProcessed(late.eventId);
    const states = (await h.dataSource.query(
      `SELECT customer_id, merged_into, state FROM segment_customer_state
        WHERE customer_id = ANY($1::text[]) ORDER BY customer_id`,
      [[a, b]],
    )) as Array<{ customer_id: string; merged_into: string | null; state: Record<string, string> }>;
    // A holds all four events (its own, B's two, the late one); B is an empty tombstone.
    expect(states.map((row) => [row.customer_id, row.merged_into, row.state['M']])).toEqual([
      [a, null, `${segmentCode('repeated-complainers')}.1`],
      [b, a, undefined],
    ]);
  });

  it('dead-letters a malformed message and keeps consuming', async () => {
    const customerId = `cust-${h.isolation.id}-3`;
    await h.produce(h.topics.contactEvents, customerId, '{"not": "a contact event"');
    await h.produce(h.topics.contactEvents, customerId, { eventId: 'x', type: 'complaint.filed' });
    const dlt = deadLetterTopicOf(h.topics.contactEvents);
    const dead = await h.reader.waitFor((all) => {
      const found = all.filter((m) => m.topic === dlt && m.key === customerId);
      return found.length >= 2 && found;
    });
    expect(dead.map((m) => m.headers[HEADERS.deadLetterErrorCode])).toEqual([
      'INVALID_CONTACT_EVENT',
      'INVALID_CONTACT_EVENT',
    ]);
    const next = contactEvent(customerId, 'complaint.filed', T);
    await produce(next);
    await waitProcessed(next.eventId);
  });

  it('serves definitions and validates path parameters as problem details', async () => {
    const segments = await fetch(`${h.baseUrl}/v1/segments`);
    expect(segments.status).toBe(200);
    expect(await segments.json()).toMatchObject({
      segments: [
        expect.objectContaining({ id: 'repeated-complainers', version: 1, status: 'active' }),
      ],
    });
    const unknown = await fetch(`${h.baseUrl}/v1/customers/nobody-${h.isolation.id}/segments`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const invalid = await fetch(
      `${h.baseUrl}/v1/customers/${encodeURIComponent('bad id!')}/segments`,
    );
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'INVALID_CUSTOMER_ID' });
  });

  it('prunes inbox rows past INBOX_RETENTION_DAYS (default 8) and keeps newer ones', async () => {
    const probe = await seedInboxRetentionProbe(h.dataSource);
    expect(await h.app.get<RetentionPruneScheduler>(INBOX_PRUNE_SCHEDULER).pruneOnce()).toBe(1);
    expect(await probe.remaining()).toEqual(['kept']);
  });
});
