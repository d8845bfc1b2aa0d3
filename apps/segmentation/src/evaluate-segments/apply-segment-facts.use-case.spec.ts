import type { ContactEvent } from '@cip/contracts';
import {
  catalogOf,
  complaint,
  FakeCatalogs,
  FakeJournal,
  FakePublisher,
  FakeStore,
  REPEATED_COMPLAINERS,
  snapshotState,
} from '../testing.fakes';
import { ApplySegmentFactsUseCase } from './apply-segment-facts.use-case';
import { CustomerStateRunner } from './customer-state-runner';
import { MembershipRecorder } from './membership-recorder';
import type { JournalEntry } from './segment-state.ports';

const NOW = Date.parse('2026-05-20T12:00:00.000Z');

function setup(hotReadChunk?: number) {
  const store = new FakeStore();
  const journal = new FakeJournal();
  const publisher = new FakePublisher();
  const redirected: Array<{ events: readonly ContactEvent[]; survivorId: string }> = [];
  const useCase = new ApplySegmentFactsUseCase({
    consumer: 'seg',
    catalogs: new FakeCatalogs(catalogOf(REPEATED_COMPLAINERS)),
    journal,
    runner: new CustomerStateRunner(store, journal),
    recorder: new MembershipRecorder({ store, journal, publisher }),
    redirector: {
      redirect: (events, survivorId) => {
        redirected.push({ events, survivorId });
        return Promise.resolve();
      },
    },
    clock: () => NOW,
    ...(hotReadChunk === undefined ? {} : { hotReadChunk }),
  });
  return { store, journal, publisher, redirected, useCase };
}

/** The entries the journal is handed, in order. */
function recordedEntries(journal: FakeJournal): JournalEntry[] {
  const entries: JournalEntry[] = [];
  const record = journal.record.bind(journal);
  journal.record = (entry) => {
    entries.push(entry);
    return record(entry);
  };
  return entries;
}

const emptyWork = {
  entry: { consumer: 'seg', eventIds: [], states: [], changes: [] },
  pending: [],
};

const first = complaint('e-1', 'c-1', '2026-05-18T10:00:00.000Z');
const second = complaint('e-2', 'c-1', '2026-05-19T10:00:00.000Z');

describe('ApplySegmentFactsUseCase', () => {
  it('publishes at once but records (journal, inbox, pending cleared) only when asked, and again safely', async () => {
    const { store, journal, publisher, useCase } = setup();
    await useCase.execute([first]);
    const { record, changes } = await useCase.applyAndPublish([second]);
    expect(changes).toHaveLength(1);
    expect(publisher.published.map((c) => c.eventId)).toEqual([changes[0]!.eventId]);
    expect(journal.history).toEqual([]);
    expect(journal.inbox).toEqual(new Set(['seg/e-1']));
    expect(store.states.get('c-1')!.state.pending).toHaveLength(1);

    await record();
    await record();
    expect(journal.history.map((c) => c.eventId)).toEqual([changes[0]!.eventId]);
    expect(journal.inbox).toEqual(new Set(['seg/e-1', 'seg/e-2']));
    expect(store.states.get('c-1')!.state.pending).toEqual([]);
  });

  it('enters the segment on the second complaint, publishes, records and clears pending', async () => {
    const { store, journal, publisher, useCase } = setup();
    await useCase.execute([first]);
    expect(publisher.published).toEqual([]);
    const result = await useCase.execute([second]);
    expect(result.changes).toHaveLength(1);
    expect(publisher.published).toMatchObject([
      {
        customerId: 'c-1',
        segmentId: 'repeated-complainers',
        change: 'entered',
        triggeringEventId: 'e-2',
      },
    ]);
    expect(journal.history.map((c) => c.eventId)).toEqual([publisher.published[0]!.eventId]);
    expect(journal.inbox).toEqual(new Set(['seg/e-1', 'seg/e-2']));
    expect(store.states.get('c-1')!.state.pending).toEqual([]);
    const snapshot = snapshotState(journal.snapshots.get('c-1')!, catalogOf(REPEATED_COMPLAINERS));
    expect(snapshot.state.memberships).toEqual({ 'repeated-complainers': 1 });
  });

  it('handles a batch with both events of a customer in order, once', async () => {
    const { publisher, useCase } = setup();
    const result = await useCase.execute([first, second, second]);
    expect(result.applied).toBe(2);
    expect(publisher.published.map((c) => c.change)).toEqual(['entered']);
  });

  it('acknowledges inert events of a settled customer without touching its state', async () => {
    const { store, journal, useCase } = setup();
    const visit = (id: string, customerId: string): ContactEvent =>
      ({
        ...complaint(id, customerId, '2026-05-19T11:00:00.000Z'),
        type: 'visit.completed',
      }) as ContactEvent;
    // A customer with no state yet is evaluated in full, as its first event always is.
    expect(await useCase.execute([visit('v-1', 'c-new')])).toMatchObject({ applied: 1, inert: 0 });
    expect(store.states.has('c-new')).toBe(true);

    await useCase.execute([first]);
    const before = store.states.get('c-1')!;
    const reads: string[] = [];
    const hotRead = store.readMany.bind(store);
    store.readMany = (ids) => {
      reads.push(...ids);
      return hotRead(ids);
    };
    const looked: string[] = [];
    const inboxLookup = journal.processed.bind(journal);
    journal.processed = (consumer, eventIds) => {
      looked.push(...eventIds);
      return inboxLookup(consumer, eventIds);
    };
    const result = await useCase.execute([visit('v-2', 'c-1'), visit('v-3', 'c-1')]);
    expect(result).toMatchObject({ applied: 0, inert: 2, alreadyProcessed: 0 });
    expect(store.states.get('c-1')).toBe(before);
    expect(journal.inbox.has('seg/v-2')).toBe(false);
    // Three stored fields told: no whole read, no inbox lookup.
    expect(store.readStoredFieldsCalls).toBeGreaterThan(0);
    expect(reads).toEqual([]);
    expect(looked).toEqual([]);

    // With a complaint in the same batch, the customer's events all go the whole way.
    const mixed = await useCase.execute([visit('v-4', 'c-1'), second]);
    expect(mixed).toMatchObject({ applied: 2, inert: 0 });
    expect(journal.inbox).toEqual(new Set(['seg/v-1', 'seg/e-1', 'seg/v-4', 'seg/e-2']));
  });

  it('skips events the inbox already recorded', async () => {
    const { publisher, useCase } = setup();
    await useCase.execute([first, second]);
    const again = await useCase.execute([first, second]);
    expect(again).toMatchObject({ applied: 0, alreadyProcessed: 2 });
    expect(publisher.published).toHaveLength(1);
  });

  it('evaluates and writes a chunk of customers while the next chunk is still being read', async () => {
    const { store, publisher, useCase } = setup(1);
    await useCase.execute([first, complaint('e-3', 'c-2', '2026-05-18T10:00:00.000Z')]);
    const calls: string[] = [];
    let releaseSecond = (): void => undefined;
    const hotRead = store.readMany.bind(store);
    store.readMany = async (ids) => {
      calls.push(`read ${ids.join(',')}`);
      if (ids[0] === 'c-2') await new Promise<void>((resolve) => (releaseSecond = resolve));
      return hotRead(ids);
    };
    const write = store.writePrepared.bind(store);
    store.writePrepared = (writes) => {
      calls.push(`write ${writes.length}`);
      return write(writes);
    };
    const done = useCase.execute([second, complaint('e-4', 'c-2', '2026-05-19T10:00:00.000Z')]);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['read c-1', 'read c-2', 'write 1']);
    releaseSecond();
    const result = await done;
    expect(calls).toEqual(['read c-1', 'read c-2', 'write 1', 'write 1']);
    expect(result.applied).toBe(2);
    expect(publisher.published.map((c) => [c.customerId, c.change])).toEqual([
      ['c-1', 'entered'],
      ['c-2', 'entered'],
    ]);
  });

  it('fails the call when a chunk fails, after every read has settled', async () => {
    const { store, useCase } = setup(1);
    const hotRead = store.readMany.bind(store);
    store.readMany = (ids) =>
      ids[0] === 'c-2' ? Promise.reject(new Error('redis down')) : hotRead(ids);
    await expect(
      useCase.execute([first, complaint('e-3', 'c-2', '2026-05-18T10:00:00.000Z')]),
    ).rejects.toThrow('redis down');
  });

  it('republishes the same change when the durable write failed after the hot write', async () => {
    const { journal, publisher, useCase, store } = setup();
    await useCase.execute([first]);
    journal.failNextRecord = true;
    await expect(useCase.execute([second])).rejects.toThrow('database down');
    expect(store.states.get('c-1')!.state.pending).toHaveLength(1);
    await useCase.execute([second]);
    expect(publisher.published).toHaveLength(2);
    expect(publisher.published[1]!.eventId).toBe(publisher.published[0]!.eventId);
    expect(journal.history).toHaveLength(1);
    expect(store.states.get('c-1')!.state.pending).toEqual([]);
  });

  it('reads the hot states while the inbox lookup is in flight, and only once', async () => {
    const { store, journal, publisher, useCase } = setup();
    await useCase.execute([first]);
    const calls: string[] = [];
    let answerInbox = (): void => undefined;
    const inboxLookup = journal.processed.bind(journal);
    journal.processed = async (consumer, eventIds) => {
      calls.push('inbox');
      await new Promise<void>((resolve) => (answerInbox = resolve));
      return inboxLookup(consumer, eventIds);
    };
    const hotRead = store.readMany.bind(store);
    store.readMany = (ids) => {
      calls.push(`hot ${ids.join(',')}`);
      return hotRead(ids);
    };
    const done = useCase.execute([second]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.sort()).toEqual(['hot c-1', 'inbox']);
    answerInbox();
    await done;
    expect(calls.sort()).toEqual(['hot c-1', 'inbox']);
    expect(publisher.published.map((c) => c.change)).toEqual(['entered']);
  });

  it('retries a customer whose write lost a race, on the fresh state', async () => {
    const { store, publisher, useCase } = setup();
    await useCase.execute([first]);
    let raced = false;
    store.beforeWrite = (id) => {
      if (raced) return;
      raced = true;
      const stored = store.states.get(id)!;
      store.states.set(id, { ...stored, seq: stored.seq + 1 });
    };
    await useCase.execute([second]);
    expect(raced).toBe(true);
    expect(publisher.published.map((c) => c.change)).toEqual(['entered']);
  });

  it('restores a customer the hot store lost from the durable snapshot', async () => {
    const { store, publisher, useCase } = setup();
    await useCase.execute([first]);
    store.states.clear();
    await useCase.execute([second]);
    expect(publisher.published.map((c) => c.change)).toEqual(['entered']);
    expect(store.states.get('c-1')!.seq).toBeGreaterThan(1);
  });

  it('re-publishes events of a merged customer for the survivor without claiming them', async () => {
    const { store, journal, redirected, useCase } = setup();
    await useCase.execute([first]);
    const stored = store.states.get('c-1')!;
    store.states.set('c-1', { ...stored, state: { ...stored.state, mergedInto: 'c-9' } });
    const result = await useCase.execute([second]);
    expect(result.redirected).toBe(1);
    expect(redirected).toEqual([{ events: [second], survivorId: 'c-9' }]);
    expect(journal.inbox.has('seg/e-2')).toBe(false);
  });

  it("records several batches' work as one journal entry, in order, and clears all their pending changes", async () => {
    const { store, journal, useCase } = setup();
    const entries = recordedEntries(journal);
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
    const { journal, useCase } = setup();
    const entries = recordedEntries(journal);
    await useCase.recordAll([emptyWork, emptyWork]);
    expect(entries).toEqual([]);
  });
});
