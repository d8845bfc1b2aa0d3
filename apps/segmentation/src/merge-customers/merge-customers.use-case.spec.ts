import { InvalidInputError } from '@cip/contracts';
import { customerMergedEvent } from '@cip/testing';
import { ApplySegmentFactsUseCase } from '../evaluate-segments/apply-segment-facts.use-case';
import { CustomerStateRunner } from '../evaluate-segments/customer-state-runner';
import { MembershipRecorder } from '../evaluate-segments/membership-recorder';
import {
  catalogOf,
  complaint,
  FakeCatalogs,
  FakeJournal,
  FakePublisher,
  FakeStore,
  REPEATED_COMPLAINERS,
} from '../testing.fakes';
import { MergeCustomersUseCase } from './merge-customers.use-case';

const NOW = Date.parse('2026-05-20T12:00:00.000Z');

function setup() {
  const store = new FakeStore();
  const journal = new FakeJournal();
  const publisher = new FakePublisher();
  const catalogs = new FakeCatalogs(catalogOf(REPEATED_COMPLAINERS));
  const recorder = new MembershipRecorder({ store, journal, publisher });
  const clock = () => NOW;
  const facts = new ApplySegmentFactsUseCase({
    consumer: 'seg',
    catalogs,
    journal,
    runner: new CustomerStateRunner(store, journal),
    recorder,
    redirector: { redirect: () => Promise.resolve() },
    clock,
  });
  const merge = new MergeCustomersUseCase({
    consumer: 'seg.merged',
    catalogs,
    store,
    journal,
    recorder,
    clock,
  });
  return { store, journal, publisher, facts, merge };
}

const event = customerMergedEvent({
  eventId: 'merge-1',
  survivorId: 'a',
  mergedIds: ['b'],
  occurredAt: '2026-05-20T11:00:00.000Z',
});

describe('MergeCustomersUseCase', () => {
  it('folds B into A: A enters on the combined history, B exits with cause merge', async () => {
    const { store, publisher, facts, merge } = setup();
    await facts.execute([
      complaint('a-1', 'a', '2026-05-18T10:00:00Z'),
      complaint('b-1', 'b', '2026-05-18T11:00:00Z'),
      complaint('b-2', 'b', '2026-05-19T11:00:00Z'),
    ]);
    expect(publisher.published.map((c) => [c.customerId, c.change])).toEqual([['b', 'entered']]);

    const result = await merge.execute(event);
    expect(result).toMatchObject({ status: 'merged', survivorId: 'a' });
    expect(publisher.published.slice(1).map((c) => [c.customerId, c.change, c.cause])).toEqual(
      expect.arrayContaining([
        ['a', 'entered', undefined],
        ['b', 'exited', 'merge'],
      ]),
    );
    expect(store.states.get('b')!.state.mergedInto).toBe('a');
    expect(store.states.get('a')!.state.memberships).toEqual({ 'repeated-complainers': 1 });
  });

  it('is recorded once: a redelivery after the durable write does nothing', async () => {
    const { publisher, facts, merge } = setup();
    await facts.execute([complaint('b-1', 'b', '2026-05-18T11:00:00Z')]);
    await merge.execute(event);
    const published = publisher.published.length;
    expect(await merge.execute(event)).toEqual({ status: 'already-processed' });
    expect(publisher.published).toHaveLength(published);
  });

  it('republishes the same changes when redelivered before the durable write', async () => {
    const { journal, publisher, facts, merge } = setup();
    await facts.execute([
      complaint('b-1', 'b', '2026-05-18T11:00:00Z'),
      complaint('b-2', 'b', '2026-05-19T11:00:00Z'),
    ]);
    journal.failNextRecord = true;
    await expect(merge.execute(event)).rejects.toThrow('database down');
    const first = publisher.published.slice(1).map((c) => c.eventId);
    await merge.execute(event);
    const second = publisher.published.slice(1 + first.length).map((c) => c.eventId);
    expect(second.sort()).toEqual([...first].sort());
  });

  it('rejects a merge not keyed by its survivor as poison', async () => {
    const { merge } = setup();
    await expect(merge.execute({ ...event, customerId: 'b' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });
});
