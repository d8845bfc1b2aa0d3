import {
  catalogOf,
  complaint,
  FakeCatalogs,
  FakeJournal,
  FakePublisher,
  FakeStore,
  REPEATED_COMPLAINERS,
} from '../testing.fakes';
import { ApplySegmentFactsUseCase } from './apply-segment-facts.use-case';
import { CustomerStateRunner } from './customer-state-runner';
import { canRecordTogether, MembershipRecorder, type RecordWork } from './membership-recorder';
import { JOURNAL_GROUP_MAX_ROWS, type JournalEntry } from './segment-state.ports';

const NOW = Date.parse('2026-05-20T12:00:00.000Z');

function setup() {
  const store = new FakeStore();
  const journal = new FakeJournal();
  const entries: JournalEntry[] = [];
  const record = journal.record.bind(journal);
  journal.record = (entry) => {
    entries.push(entry);
    return record(entry);
  };
  const useCase = new ApplySegmentFactsUseCase({
    consumer: 'seg',
    catalogs: new FakeCatalogs(catalogOf(REPEATED_COMPLAINERS)),
    journal,
    runner: new CustomerStateRunner(store, journal),
    recorder: new MembershipRecorder({ store, journal, publisher: new FakePublisher() }),
    redirector: { redirect: () => Promise.resolve() },
    clock: () => NOW,
  });
  return { store, journal, entries, useCase };
}

function work(consumer: string | undefined, rows: number): RecordWork {
  const ids = Array.from({ length: rows }, (_, i) => `e-${i}`);
  return { entry: { consumer, eventIds: ids, states: [], changes: [] }, pending: [] };
}

describe('MembershipRecorder', () => {
  it("records several batches' work as one journal entry, in order, and clears all their pending changes", async () => {
    const { store, journal, entries, useCase } = setup();
    const one = await useCase.applyAndPublish([
      complaint('e-1', 'c-1', '2026-05-18T10:00:00.000Z'),
      complaint('e-2', 'c-2', '2026-05-18T10:00:00.000Z'),
    ]);
    const two = await useCase.applyAndPublish([
      complaint('e-3', 'c-1', '2026-05-19T10:00:00.000Z'),
    ]);
    const three = await useCase.applyAndPublish([
      complaint('e-4', 'c-2', '2026-05-19T11:00:00.000Z'),
    ]);
    const changes = [...two.changes, ...three.changes];
    expect(changes.map((c) => [c.customerId, c.change])).toEqual([
      ['c-1', 'entered'],
      ['c-2', 'entered'],
    ]);
    expect(store.states.get('c-1')!.state.pending).toHaveLength(1);

    await useCase.recordAll([one.work, two.work, three.work]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.eventIds).toEqual(['e-1', 'e-2', 'e-3', 'e-4']);
    expect(entries[0]!.changes.map((c) => c.eventId)).toEqual(changes.map((c) => c.eventId));
    expect(journal.snapshots.get('c-1')?.seq).toBe(two.work.entry.states[0]!.seq);
    expect(journal.history.map((c) => c.eventId)).toEqual(changes.map((c) => c.eventId));
    expect(store.states.get('c-1')!.state.pending).toEqual([]);
    expect(store.states.get('c-2')!.state.pending).toEqual([]);

    // Again, as after a failed attempt: nothing changes.
    await useCase.recordAll([one.work, two.work, three.work]);
    expect(journal.history).toHaveLength(2);
  });

  it('records work that touched nothing durable without a journal entry', async () => {
    const { entries, useCase } = setup();
    await useCase.recordAll([work('seg', 0), work('seg', 0)]);
    expect(entries).toEqual([]);
  });

  it("merges only one consumer's work, and no more rows than one journal transaction takes", () => {
    expect(canRecordTogether([work('seg', 10), work('seg', 20)])).toBe(true);
    expect(canRecordTogether([work('seg', 10), work('other', 20)])).toBe(false);
    expect(canRecordTogether([work('seg', 10), work(undefined, 0)])).toBe(false);
    const half = JOURNAL_GROUP_MAX_ROWS / 2;
    expect(canRecordTogether([work('seg', half), work('seg', half)])).toBe(true);
    expect(canRecordTogether([work('seg', half), work('seg', half + 1)])).toBe(false);
  });
});
