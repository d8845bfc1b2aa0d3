import { applyContactEvent, type CustomerSegmentState } from '@cip/segmentation-domain';
import {
  catalogOf,
  complaint,
  FakeJournal,
  FakeStore,
  REPEATED_COMPLAINERS,
} from '../testing.fakes';
import { CustomerStateRunner, type CustomerWork } from './customer-state-runner';
import type { HotSegmentRecord, SegmentStateWrite } from './segment-state.ports';

const catalog = catalogOf(REPEATED_COMPLAINERS);
const NOW = Date.parse('2026-05-20T12:00:00.000Z');

function complaintWork(customerId: string, day: number): CustomerWork<string> {
  return {
    customerId,
    step: (current: CustomerSegmentState | undefined) => {
      const event = complaint(`${customerId}-${day}`, customerId, `2026-05-${day}T10:00:00Z`);
      const outcome = applyContactEvent(current, event, catalog, NOW);
      return { write: outcome.state, changes: outcome.changes, result: customerId };
    },
  };
}

/** A fake store that logs the order of decodes, prepared writes and the write round trip. */
function loggingStore(): { store: FakeStore; calls: string[] } {
  const store = new FakeStore();
  const calls: string[] = [];
  const decode = store.decode.bind(store);
  store.decode = (record: HotSegmentRecord) => {
    calls.push('decode');
    return decode(record);
  };
  const prepare = store.prepareWrite.bind(store);
  store.prepareWrite = (write: SegmentStateWrite) => {
    calls.push(`prepare ${write.state.features.customerId}`);
    return prepare(write);
  };
  const send = store.writePrepared.bind(store);
  store.writePrepared = (writes) => {
    calls.push(`send ${writes.length}`);
    return send(writes);
  };
  return { store, calls };
}

describe('CustomerStateRunner', () => {
  it('decodes, steps and encodes one customer at a time, then sends every write at once', async () => {
    const { store, calls } = loggingStore();
    const journal = new FakeJournal();
    const runner = new CustomerStateRunner(store, journal);
    const ids = ['c-1', 'c-2', 'c-3'];
    await runner.run(
      ids.map((id) => complaintWork(id, 18)),
      catalog,
    );
    calls.length = 0;

    const outcomes = await runner.run(
      ids.map((id) => complaintWork(id, 19)),
      catalog,
      await runner.readHot(ids),
    );
    expect(calls).toEqual([
      'decode',
      'prepare c-1',
      'decode',
      'prepare c-2',
      'decode',
      'prepare c-3',
      'send 3',
    ]);
    // The outcome carries the encoded snapshot of what was stored, not the state.
    expect(outcomes.map((o) => [o.customerId, o.written?.seq, o.changes.length])).toEqual([
      ['c-1', 2, 1],
      ['c-2', 2, 1],
      ['c-3', 2, 1],
    ]);
    expect(outcomes[0]!.written).toMatchObject({
      customerId: 'c-1',
      nextDueMs: expect.any(Number),
    });
    expect(outcomes[0]!.written).not.toHaveProperty('state');
  });

  it('reads, decodes and encodes again only the customers whose write lost a race', async () => {
    const { store, calls } = loggingStore();
    const runner = new CustomerStateRunner(store, new FakeJournal());
    await runner.run([complaintWork('c-1', 18), complaintWork('c-2', 18)], catalog);
    let raced = false;
    store.beforeWrite = (id) => {
      if (raced || id !== 'c-2') return;
      raced = true;
      const stored = store.states.get(id)!;
      store.states.set(id, { ...stored, seq: stored.seq + 1 });
    };
    calls.length = 0;

    const outcomes = await runner.run(
      [complaintWork('c-1', 19), complaintWork('c-2', 19)],
      catalog,
    );
    expect(calls).toEqual(
      ['decode', 'prepare c-1', 'decode', 'prepare c-2', 'send 2'].concat([
        'decode',
        'prepare c-2',
        'send 1',
      ]),
    );
    expect(outcomes.map((o) => [o.customerId, o.written?.seq])).toEqual([
      ['c-1', 2],
      ['c-2', 3],
    ]);
  });
});
