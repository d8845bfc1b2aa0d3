import { segmentMembershipChangedV1Schema, type ContactEvent } from '@cip/contracts';
import { waitForInbox } from '@cip/testing';
import {
  startSegmentationHarness,
  type HttpBody,
  type SegmentationHarness,
} from './segmentation-int.harness';
import { CONTACT_EVENTS_CONSUMER } from './segmentation.module';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T10:00:00.000Z');

const spendAtLeast = (amount: number) => ({
  kind: 'compare',
  op: '>=',
  left: {
    kind: 'aggregate',
    fn: 'sum',
    event: 'purchase.completed',
    field: 'amount',
    window: { days: 30 },
  },
  right: amount,
});

/**
 * The life of a segment defined at runtime, through the HTTP API and the real pipeline: created,
 * previewed, activated (every existing customer re-evaluated in the background), edited (a new
 * version), retired; and an inactivity segment that fires with no event, by its timer.
 */
describe('segments defined at runtime (real Kafka, Redis, Postgres)', () => {
  let h: SegmentationHarness;
  let seq = 0;
  const ids = { big: '', small: '', none: '' };

  beforeAll(async () => {
    h = await startSegmentationHarness('segdef', T0);
    ids.big = `big-${h.isolation.id}`;
    ids.small = `small-${h.isolation.id}`;
    ids.none = `none-${h.isolation.id}`;
    const events = [
      purchase(ids.big, 180, T0 - 3 * DAY),
      purchase(ids.big, 150, T0 - 2 * DAY),
      purchase(ids.small, 60, T0 - DAY),
      call(ids.none, T0 - DAY),
    ];
    for (const event of events) await h.produceEvent(event);
    for (const event of events)
      await waitForInbox(h.dataSource, CONTACT_EVENTS_CONSUMER, event.eventId);
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  function purchase(customerId: string, amount: number, atMs: number): ContactEvent {
    seq += 1;
    return {
      eventId: `${h.isolation.id}-p-${seq}`,
      type: 'purchase.completed',
      version: 1,
      occurredAt: new Date(atMs).toISOString(),
      customerId,
      source: 'int-test',
      payload: { productId: 'plan-gold', orderId: `o-${seq}`, amount, currency: 'EUR' },
    } as ContactEvent;
  }

  function call(customerId: string, atMs: number): ContactEvent {
    seq += 1;
    return {
      eventId: `${h.isolation.id}-c-${seq}`,
      type: 'call.completed',
      version: 1,
      occurredAt: new Date(atMs).toISOString(),
      customerId,
      source: 'int-test',
      payload: { direction: 'inbound', durationSeconds: 60, outcome: 'resolved' },
    } as ContactEvent;
  }

  type Json = HttpBody;
  const api = (method: string, path: string, body?: unknown) => h.api(method, path, body);

  async function jobDone(jobId: string): Promise<Json> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [, job] = await api('GET', `/v1/backfill-jobs/${jobId}`);
      if (job.status === 'done') return job;
      if (job.status === 'failed' || Date.now() > deadline)
        throw new Error(`backfill job ${jobId} ended ${job.status}: ${job.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Membership events of a segment so far, as [customer, change, version]. */
  function changesOf(segmentId: string): Array<[string, string, number]> {
    return h.reader
      .on(h.topics.membership)
      .map((m) => segmentMembershipChangedV1Schema.parse(m.value))
      .filter((e) => e.payload.segmentId === segmentId)
      .map((e) => [e.customerId, e.payload.change, e.payload.definitionVersion]);
  }

  async function waitChanges(segmentId: string, count: number): Promise<void> {
    await h.reader.waitFor(() => changesOf(segmentId).length >= count || false);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  it('creates, previews, activates (backfill), edits (version 2) and retires a segment', async () => {
    const segmentId = `big-spenders-${h.isolation.id}`;
    const [created, body] = await api('POST', '/v1/segment-definitions', {
      id: segmentId,
      name: 'Big spenders',
      description: '200 or more spent in 30 days',
      owner: 'marketing',
      strategy: 'upsell premium',
      condition: spendAtLeast(200),
    });
    expect([created, body.versions[0].status]).toEqual([201, 'draft']);

    const [invalid, problem] = await api('POST', '/v1/segment-definitions', {
      id: `bad-${h.isolation.id}`,
      name: 'Bad',
      description: '',
      owner: 'marketing',
      strategy: '',
      condition: { ...spendAtLeast(1), left: { ...spendAtLeast(1).left, field: 'nope' } },
    });
    expect(invalid).toBe(422);
    expect(JSON.stringify(problem)).toContain('/condition/left/field');

    const [previewed, preview] = await api(
      'POST',
      `/v1/segment-definitions/${segmentId}/versions/1:preview`,
    );
    expect(previewed).toBe(200);
    expect(preview).toMatchObject({ scanned: 3, matched: 1, complete: true, estimatedSize: 1 });
    expect(preview.sample.map((s: { customerId: string }) => s.customerId)).toEqual([ids.big]);
    expect(changesOf(segmentId)).toEqual([]);

    const [activated, activation] = await api(
      'POST',
      `/v1/segment-definitions/${segmentId}/versions/1:activate`,
    );
    expect(activated).toBe(202);
    const job = await jobDone(activation.job.id);
    expect(job).toMatchObject({ processed: 3, changes: 1, progress: 1 });
    await waitChanges(segmentId, 1);
    expect(changesOf(segmentId)).toEqual([[ids.big, 'entered', 1]]);

    // Live from now on: a new purchase makes the small spender a member too.
    h.clock.now = T0 + 1_000;
    const more = purchase(ids.small, 150, T0);
    await h.produceEvent(more);
    await waitChanges(segmentId, 2);
    expect(changesOf(segmentId)[1]).toEqual([ids.small, 'entered', 1]);

    // Version 2 raises the bar: the small spender (210) leaves, the big one (330) stays, silently.
    const [edited, version2] = await api('PUT', `/v1/segment-definitions/${segmentId}`, {
      name: 'Big spenders',
      description: '300 or more spent in 30 days',
      owner: 'marketing',
      strategy: 'upsell premium',
      condition: spendAtLeast(300),
    });
    expect([edited, version2.version, version2.status]).toEqual([201, 2, 'draft']);
    const [, activation2] = await api(
      'POST',
      `/v1/segment-definitions/${segmentId}/versions/2:activate`,
    );
    await jobDone(activation2.job.id);
    await waitChanges(segmentId, 3);
    expect(changesOf(segmentId).slice(2)).toEqual([[ids.small, 'exited', 2]]);
    const [, members] = await api('GET', `/v1/segments/${segmentId}/members`);
    expect(members.members.map((m: { customerId: string }) => m.customerId)).toEqual([ids.big]);

    const [retired, retirement] = await api('POST', `/v1/segment-definitions/${segmentId}:retire`);
    expect(retired).toBe(202);
    await jobDone(retirement.job.id);
    await waitChanges(segmentId, 4);
    expect(changesOf(segmentId).slice(3)).toEqual([[ids.big, 'exited', 2]]);
    const [, after] = await api('GET', `/v1/customers/${ids.big}/segments`);
    expect(JSON.stringify(after)).not.toContain(segmentId);
  });

  it('puts customers into an inactivity segment when the time comes, with no event', async () => {
    const segmentId = `lapsed-${h.isolation.id}`;
    await api('POST', '/v1/segment-definitions', {
      id: segmentId,
      name: 'Lapsed buyers',
      description: 'no purchase for 60 days',
      owner: 'retention',
      strategy: 'win back',
      condition: {
        kind: 'compare',
        op: '>=',
        left: { kind: 'daysSince', event: 'purchase.completed' },
        right: 60,
      },
    });
    const [, activation] = await api(
      'POST',
      `/v1/segment-definitions/${segmentId}/versions/1:activate`,
    );
    await jobDone(activation.job.id);
    expect(changesOf(segmentId)).toEqual([]);

    // Nothing happens until the 60th day after each customer's last purchase.
    h.clock.now = T0 + 57 * DAY;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(changesOf(segmentId)).toEqual([]);
    h.clock.now = T0 + 61 * DAY;
    await waitChanges(segmentId, 2);
    const entered = changesOf(segmentId);
    expect(entered.map(([customer, change]) => [customer, change]).sort()).toEqual(
      [
        [ids.big, 'entered'],
        [ids.small, 'entered'],
      ].sort(),
    );
    const triggers = h.reader
      .on(h.topics.membership)
      .map((m) => segmentMembershipChangedV1Schema.parse(m.value))
      .filter((e) => e.payload.segmentId === segmentId)
      .map((e) => e.payload.triggeringEventId);
    expect(triggers.every((id) => id.startsWith('timer:'))).toBe(true);
  });
});
