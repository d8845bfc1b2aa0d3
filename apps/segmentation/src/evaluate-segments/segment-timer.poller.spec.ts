import { parseCondition, type CatalogSegment } from '@cip/segmentation-domain';
import type { ContactEvent } from '@cip/contracts';
import { catalogOf, FakeCatalogs, FakeJournal, FakePublisher, FakeStore } from '../testing.fakes';
import { ApplySegmentFactsUseCase } from './apply-segment-facts.use-case';
import { CustomerStateRunner } from './customer-state-runner';
import { MembershipRecorder } from './membership-recorder';
import { ReevaluateCustomersUseCase } from './reevaluate-customers.use-case';
import { SegmentTimerPoller } from './segment-timer.poller';

const DAY = 86_400_000;
const LAPSED: CatalogSegment = {
  id: 'lapsed-buyers',
  version: 1,
  code: 2,
  name: 'Lapsed buyers',
  strategy: 'win back',
  condition: parseCondition({
    kind: 'compare',
    op: '>=',
    left: { kind: 'daysSince', event: 'purchase.completed' },
    right: 60,
  }),
};

function purchase(id: string, customerId: string, occurredAt: string): ContactEvent {
  return {
    eventId: id,
    type: 'purchase.completed',
    version: 1,
    occurredAt,
    customerId,
    source: 'test',
    payload: { orderId: id, amount: 40, currency: 'EUR' },
  } as ContactEvent;
}

describe('SegmentTimerPoller', () => {
  it('enters an inactivity segment when its instant comes, with no event, exactly once', async () => {
    let now = Date.parse('2026-03-01T12:00:00.000Z');
    const clock = () => now;
    const store = new FakeStore();
    const journal = new FakeJournal();
    const publisher = new FakePublisher();
    const catalogs = new FakeCatalogs(catalogOf(LAPSED));
    const runner = new CustomerStateRunner(store, journal);
    const recorder = new MembershipRecorder({ store, journal, publisher });
    const facts = new ApplySegmentFactsUseCase({
      consumer: 'seg',
      catalogs,
      journal,
      runner,
      recorder,
      redirector: { redirect: () => Promise.resolve() },
      clock,
    });
    const poller = new SegmentTimerPoller({
      store,
      catalogs,
      reevaluate: new ReevaluateCustomersUseCase({ runner, recorder, clock }),
      clock,
      logger: { warn: jest.fn() } as never,
      options: { intervalMs: 10, batchSize: 10, leaseMs: 1_000 },
    });

    await facts.execute([purchase('p-1', 'c-1', '2026-03-01T09:00:00.000Z')]);
    const due = store.states.get('c-1')!.state.nextDueMs!;
    expect(due).toBeGreaterThan(now);
    expect(due).toBeLessThanOrEqual(Date.parse('2026-03-01T09:00:00.000Z') + 61 * DAY);

    now = due - 1;
    expect(await poller.fireDue()).toBe(0);
    expect(publisher.published).toEqual([]);

    now = due;
    // An early instant (a masked candidate) may re-arm first; the flip happens by the true one.
    for (let round = 0; round < 5 && publisher.published.length === 0; round++) {
      await poller.fireDue();
      now = Math.max(now, store.states.get('c-1')!.state.nextDueMs ?? now);
    }
    expect(publisher.published).toMatchObject([
      { customerId: 'c-1', segmentId: 'lapsed-buyers', change: 'entered' },
    ]);
    expect(publisher.published[0]!.triggeringEventId).toMatch(/^timer:c-1:/);
    expect(await poller.fireDue()).toBe(0);
    expect(publisher.published).toHaveLength(1);
  });
});
