import { applyContactEvent, type MembershipChange } from '@cip/segmentation-domain';
import type {
  JournalEntry,
  SegmentStateSnapshot,
  StoredSegmentState,
} from '../evaluate-segments/segment-state.ports';
import { catalogOf, complaint, REPEATED_COMPLAINERS, snapshotOf } from '../testing.fakes';
import { GroupCommitJournal } from './group-commit.journal';
import type { GroupWritableJournal, JournalGroup } from './journal-group';

const catalog = catalogOf(REPEATED_COMPLAINERS);
const NOW = Date.parse('2026-05-20T12:00:00.000Z');

function stored(customerId: string, seq: number): SegmentStateSnapshot {
  const event = complaint(`${customerId}-${seq}`, customerId, '2026-05-18T10:00:00Z');
  return snapshotOf(applyContactEvent(undefined, event, catalog, NOW).state, seq);
}

function change(eventId: string, customerId: string, kind: 'entered' | 'exited') {
  return {
    eventId,
    customerId,
    segmentId: 'repeated-complainers',
    definitionVersion: 1,
    change: kind,
    triggeringEventId: `t-${eventId}`,
    at: '2026-05-20T12:00:00.000Z',
    reason: {},
    strategy: 'win back',
  } as MembershipChange;
}

function entry(name: string, sizes: { states?: number; changes?: number; events?: number } = {}) {
  return {
    consumer: 'seg',
    eventIds: Array.from({ length: sizes.events ?? 1 }, (_, i) => `${name}-e${i}`),
    states: Array.from({ length: sizes.states ?? 1 }, (_, i) => stored(`${name}-c${i}`, 1)),
    changes: Array.from({ length: sizes.changes ?? 0 }, (_, i) =>
      change(`${name}-x${i}`, `${name}-c${i}`, 'entered'),
    ),
  } satisfies JournalEntry;
}

/** Records each group written; a group can be held open, and can fail. */
class FakeInner implements GroupWritableJournal {
  readonly groups: JournalGroup[] = [];
  readonly committed: JournalGroup[] = [];
  running = 0;
  maxRunning = 0;
  hold = false;
  failWhen: (group: JournalGroup) => boolean = () => false;
  delay: (() => Promise<void>) | undefined;
  private readonly gates: Array<() => void> = [];

  processed(): Promise<Set<string>> {
    return Promise.resolve(new Set());
  }

  loadSnapshots(): Promise<Map<string, StoredSegmentState>> {
    return Promise.resolve(new Map());
  }

  record(): Promise<void> {
    return Promise.reject(new Error('the decorator writes groups only'));
  }

  async recordGroup(group: JournalGroup): Promise<void> {
    this.groups.push(group);
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.hold) await new Promise<void>((open) => this.gates.push(open));
      await this.delay?.();
      if (this.failWhen(group)) throw new Error('database refused');
      this.committed.push(group);
    } finally {
      this.running -= 1;
    }
  }

  /** Lets the transactions held so far finish; later ones are held too while `hold`. */
  open(): void {
    this.gates.splice(0).forEach((open) => open());
  }

  releaseAll(): void {
    this.hold = false;
    this.open();
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const claimed = (group: JournalGroup) => group.claims.flatMap((c) => c.eventIds);

/** Tracks whether a promise settled yet. */
function watch(promise: Promise<void>) {
  const seen = { settled: false };
  promise.then(
    () => (seen.settled = true),
    () => (seen.settled = true),
  );
  return seen;
}

describe('GroupCommitJournal', () => {
  it('writes at once when idle: no linger', async () => {
    const inner = new FakeInner();
    const journal = new GroupCommitJournal(inner);
    const done = journal.record(entry('a'));
    expect(inner.groups).toHaveLength(1);
    await done;
    expect(claimed(inner.committed[0]!)).toEqual(['a-e0']);
  });

  it('merges what arrives during a transaction into the next one, and settles each caller with its own transaction', async () => {
    const inner = new FakeInner();
    const journal = new GroupCommitJournal(inner);
    inner.hold = true;
    const first = journal.record(entry('a'));
    const later = [journal.record(entry('b')), journal.record(entry('c'))];
    const laterSeen = later.map(watch);
    await tick();
    expect(inner.groups).toHaveLength(1);

    inner.open();
    await first;
    await tick();
    expect(inner.groups.map(claimed)).toEqual([['a-e0'], ['b-e0', 'c-e0']]);
    expect(laterSeen.every((s) => !s.settled)).toBe(true);

    inner.releaseAll();
    await Promise.all(later);
    expect(inner.maxRunning).toBe(1);
  });

  it('keeps the latest state per customer, changes in enqueue order, claims per consumer', async () => {
    const inner = new FakeInner();
    const journal = new GroupCommitJournal(inner);
    inner.hold = true;
    const first = journal.record(entry('warm-up'));
    const entries: JournalEntry[] = [
      {
        consumer: 'seg',
        eventIds: ['e-2', 'e-1'],
        states: [stored('c-2', 7), stored('c-1', 4)],
        changes: [change('x-1', 'c-1', 'entered')],
      },
      { eventIds: [], states: [stored('c-1', 9)], changes: [change('x-2', 'c-1', 'exited')] },
      {
        consumer: 'merged',
        eventIds: ['m-1'],
        states: [stored('c-2', 3)],
        changes: [change('x-3', 'c-2', 'entered')],
      },
      { consumer: 'seg', eventIds: ['e-1', 'e-0'], states: [], changes: [] },
    ];
    const rest = entries.map((e) => journal.record(e));
    inner.releaseAll();
    await Promise.all([first, ...rest]);

    const merged = inner.committed[1]!;
    expect(merged.claims).toEqual([
      { consumer: 'merged', eventIds: ['m-1'] },
      { consumer: 'seg', eventIds: ['e-0', 'e-1', 'e-2'] },
    ]);
    expect(merged.states.map((s) => [s.customerId, s.seq])).toEqual([
      ['c-1', 9],
      ['c-2', 7],
    ]);
    expect(merged.changes.map((c) => c.eventId)).toEqual(['x-1', 'x-2', 'x-3']);
  });

  it('fails every caller of a group that cannot be written, then goes on with the next', async () => {
    const inner = new FakeInner();
    const journal = new GroupCommitJournal(inner);
    inner.hold = true;
    const first = journal.record(entry('a'));
    const group = [journal.record(entry('b')), journal.record(entry('c'))];
    inner.failWhen = () => true;
    inner.releaseAll();
    await expect(first).rejects.toThrow('database refused');
    await expect(Promise.all(group.map((p) => p.catch((e: Error) => e.message)))).resolves.toEqual([
      'database refused',
      'database refused',
    ]);
    expect(inner.committed).toEqual([]);

    inner.failWhen = () => false;
    await journal.record(entry('d'));
    expect(inner.committed.map(claimed)).toEqual([['d-e0']]);
  });

  it('fails only the caller whose entry Postgres refuses', async () => {
    const inner = new FakeInner();
    const journal = new GroupCommitJournal(inner);
    inner.hold = true;
    const first = journal.record(entry('a'));
    const ok = journal.record(entry('ok'));
    const bad = journal.record(entry('bad'));
    inner.failWhen = (group) => claimed(group).includes('bad-e0');
    inner.releaseAll();
    await first;
    await ok;
    await expect(bad).rejects.toThrow('database refused');
    expect(inner.committed.map(claimed)).toEqual([['a-e0'], ['ok-e0']]);
  });

  it('splits a large backlog into consecutive transactions within the bound, never splitting an entry', async () => {
    const inner = new FakeInner();
    const journal = new GroupCommitJournal(inner, 5);
    inner.hold = true;
    const first = journal.record(entry('a'));
    const rest = [
      journal.record(entry('b', { states: 2 })),
      journal.record(entry('c', { states: 2 })),
      journal.record(entry('d', { states: 2 })),
      journal.record(entry('big', { states: 7 })),
      journal.record(entry('e', { states: 0, changes: 4 })),
      journal.record(entry('f', { states: 0, changes: 2 })),
      journal.record(entry('g', { states: 0, events: 6 })),
    ];
    inner.releaseAll();
    await Promise.all([first, ...rest]);
    expect(inner.committed.map((g) => g.states.length)).toEqual([1, 4, 2, 7, 0, 0, 0]);
    expect(inner.committed.map((g) => g.changes.length)).toEqual([0, 0, 0, 0, 4, 2, 0]);
    expect(inner.committed.map((g) => claimed(g).length)).toEqual([1, 2, 1, 1, 1, 1, 6]);
  });

  it('loses nothing and writes one transaction at a time under concurrent callers', async () => {
    const inner = new FakeInner();
    inner.delay = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    const journal = new GroupCommitJournal(inner, 20);
    const callers = Array.from({ length: 8 }, async (_, caller) => {
      for (let batch = 0; batch < 25; batch += 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
        await journal.record(entry(`p${caller}b${batch}`, { states: 3, changes: 2 }));
      }
    });
    await Promise.all(callers);

    const written = inner.committed.flatMap(claimed).sort();
    const expected = Array.from({ length: 8 }, (_, c) =>
      Array.from({ length: 25 }, (_, b) => `p${c}b${b}-e0`),
    )
      .flat()
      .sort();
    expect(written).toEqual(expected);
    expect(inner.maxRunning).toBe(1);
    expect(inner.committed.length).toBeLessThan(200);
    expect(Math.max(...inner.committed.map((g) => g.states.length))).toBeLessThanOrEqual(20);
  });
});
