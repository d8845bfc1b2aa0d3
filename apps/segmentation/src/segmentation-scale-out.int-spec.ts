import { segmentMembershipChangedV1Schema, type ContactEvent } from '@cip/contracts';
import { waitForInbox } from '@cip/testing';
import { startSegmentationHarness, type SegmentationHarness } from './segmentation-int.harness';
import { CONTACT_EVENTS_CONSUMER } from './segmentation.module';

const T0 = Date.parse('2026-04-01T10:00:00.000Z');
const CUSTOMERS = 40;
const HOUR = 3_600_000;

/**
 * Two instances share the partitions; one leaves mid-stream (a rebalance). Every customer's
 * membership still changes exactly as the events say: entered on the 2nd complaint, once, and
 * nothing is published twice under different ids.
 */
describe('segmentation scaled out to two instances (real Kafka, Redis, Postgres)', () => {
  let h: SegmentationHarness;

  beforeAll(async () => {
    h = await startSegmentationHarness('segscale', T0);
  }, 90_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  function complaint(customerId: string, n: number): ContactEvent {
    return {
      eventId: `${h.isolation.id}-${customerId}-${n}`,
      type: 'complaint.filed',
      version: 1,
      occurredAt: new Date(T0 - (10 - n) * HOUR).toISOString(),
      customerId,
      source: 'int-test',
      payload: { complaintId: `k-${customerId}-${n}`, category: 'billing', severity: 'low' },
    } as ContactEvent;
  }

  it('neither loses nor duplicates a membership change across a rebalance', async () => {
    const second = await h.startAnotherInstance();
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => `scale-${h.isolation.id}-${i}`);
    for (const customerId of customers) await h.produceEvent(complaint(customerId, 1));
    // The second instance leaves while the second complaints are arriving.
    const half = CUSTOMERS / 2;
    for (const customerId of customers.slice(0, half))
      await h.produceEvent(complaint(customerId, 2));
    await second.stop();
    for (const customerId of customers.slice(half)) await h.produceEvent(complaint(customerId, 2));
    for (const customerId of customers)
      await waitForInbox(
        h.dataSource,
        CONTACT_EVENTS_CONSUMER,
        `${h.isolation.id}-${customerId}-2`,
      );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const changes = h.reader
      .on(h.topics.membership)
      .map((m) => segmentMembershipChangedV1Schema.parse(m.value));
    const ids = new Set(changes.map((c) => c.eventId));
    // A redelivery may republish a change, always under the same id: one distinct per customer.
    expect(ids.size).toBe(CUSTOMERS);
    const entered = new Map(
      changes.map((c) => [c.customerId, [c.payload.change, c.payload.triggeringEventId]]),
    );
    for (const customerId of customers)
      expect(entered.get(customerId)).toEqual(['entered', `${h.isolation.id}-${customerId}-2`]);
    const rows = (await h.dataSource.query(
      `SELECT count(*)::int AS n FROM segment_membership_history WHERE segment_id = 'repeated-complainers'`,
    )) as Array<{ n: number }>;
    expect(rows[0]!.n).toBe(CUSTOMERS);
  });
});
