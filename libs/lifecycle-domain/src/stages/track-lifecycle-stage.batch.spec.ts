import fc from 'fast-check';
import { LifecycleError } from '../lifecycle-error';
import { membershipChanged, withRedeliveries } from '../testing.fixtures';
import { stageAfter, type CustomerStage, type StageChange } from './customer-stage';
import type { LifecycleStageStore, StageRecord } from './lifecycle-stage.ports';
import { TrackLifecycleStageUseCase } from './track-lifecycle-stage.use-case';

/** Version-checked like the Postgres store; with `batch`, it also has the batch forms. */
class FakeStageStore implements LifecycleStageStore {
  readonly processed = new Set<string>();
  readonly stages = new Map<string, CustomerStage>();
  readonly moves: StageChange[] = [];
  readonly calls: string[] = [];
  /** Moves a customer behind the use case's back right before the next recordAll. */
  interfere?: () => void;

  constructor(batch: boolean) {
    if (!batch) return;
    this.processedAmong = async (ids) => {
      this.calls.push('processedAmong');
      return new Set(ids.filter((id) => this.processed.has(id)));
    };
    this.currentOf = async (ids) => {
      this.calls.push('currentOf');
      return new Map(ids.flatMap((id) => this.stagesOf(id)));
    };
    this.recordAll = async (records) => {
      this.calls.push('recordAll');
      this.interfere?.();
      this.interfere = undefined;
      this.apply(records);
    };
  }

  processedAmong?: LifecycleStageStore['processedAmong'];
  currentOf?: LifecycleStageStore['currentOf'];
  recordAll?: LifecycleStageStore['recordAll'];

  async isProcessed(eventId: string): Promise<boolean> {
    this.calls.push('isProcessed');
    return this.processed.has(eventId);
  }

  async current(customerId: string): Promise<CustomerStage | null> {
    this.calls.push('current');
    return this.stages.get(customerId) ?? null;
  }

  async record(eventId: string, change: StageChange | null): Promise<void> {
    this.calls.push('record');
    this.apply([{ eventId, change }]);
  }

  async history(): Promise<never[]> {
    return [];
  }

  private stagesOf(id: string): Array<[string, CustomerStage]> {
    const stage = this.stages.get(id);
    return stage ? [[id, stage]] : [];
  }

  /** All or nothing, like the store's transaction. */
  private apply(records: readonly StageRecord[]): void {
    const stages = new Map(this.stages);
    const claimed = new Set<string>();
    const history: StageChange[] = [];
    for (const { eventId, change } of records) {
      if (this.processed.has(eventId) || claimed.has(eventId)) continue;
      claimed.add(eventId);
      if (!change) continue;
      if ((stages.get(change.customerId)?.version ?? 0) !== change.version - 1)
        throw new LifecycleError('STAGE_VERSION_CONFLICT', 'moved', {});
      stages.set(change.customerId, stageAfter(change));
      history.push(change);
    }
    for (const id of claimed) this.processed.add(id);
    for (const [id, stage] of stages) this.stages.set(id, stage);
    this.moves.push(...history);
  }
}

function setup(batch: boolean) {
  const store = new FakeStageStore(batch);
  const published: StageChange[] = [];
  const sends: number[] = [];
  const useCase = new TrackLifecycleStageUseCase({
    store,
    publisher: {
      publish: async (change) => void published.push(change),
      ...(batch
        ? {
            publishAll: async (changes: readonly StageChange[]) => {
              sends.push(changes.length);
              published.push(...changes);
            },
          }
        : {}),
    },
  });
  return { useCase, store, published, sends };
}

const SEGMENTS = [
  'lifecycle-stage.new',
  'lifecycle-stage.developing',
  'lifecycle-stage.at-risk',
  'lifecycle-stage.lapsed',
  'repeated-complainers',
];
let sequence = 0;
const entry = (
  customerId: string,
  segmentId: string,
  day: number,
  change: 'entered' | 'exited' = 'entered',
) => {
  sequence += 1;
  return membershipChanged({
    eventId: `m-${sequence}`,
    customerId,
    segmentId,
    change,
    occurredAt: new Date(Date.parse('2025-01-01T00:00:00.000Z') + day * 86_400_000).toISOString(),
  });
};

describe('TrackLifecycleStageUseCase.executeBatch', () => {
  it('moves each customer through its changes in order with one read, send and record per batch', async () => {
    const { useCase, store, published, sends } = setup(true);
    const toNew = entry('cust-a', 'lifecycle-stage.new', 0);
    const batch = [
      toNew,
      entry('cust-b', 'lifecycle-stage.at-risk', 1),
      entry('cust-a', 'lifecycle-stage.developing', 90),
      toNew, // a copy inside the batch: processed once
      entry('cust-a', 'lifecycle-stage.developing', 91), // same stage
      entry('cust-a', 'lifecycle-stage.new', 92, 'exited'),
      entry('cust-a', 'repeated-complainers', 93),
      entry('cust-b', 'lifecycle-stage.new', 0), // older than at-risk: stale
    ];
    const results = await useCase.executeBatch(batch);
    expect(results.map((r) => r.status)).toEqual([
      'changed',
      'changed',
      'changed',
      'already-processed',
      'unchanged',
      'ignored',
      'ignored',
      'stale',
    ]);
    expect(published.map((c) => [c.customerId, c.from, c.to, c.version])).toEqual([
      ['cust-a', null, 'new', 1],
      ['cust-b', null, 'at-risk', 1],
      ['cust-a', 'new', 'developing', 2],
    ]);
    expect(sends).toEqual([3]);
    expect(store.calls).toEqual(['processedAmong', 'currentOf', 'recordAll']);
    expect(store.stages.get('cust-a')).toMatchObject({ stage: 'developing', version: 2 });
    expect(store.processed.size).toBe(5);
  });

  it('a batch of ignored changes touches neither the store nor the broker', async () => {
    const { useCase, store, sends } = setup(true);
    const results = await useCase.executeBatch([entry('cust-a', 'repeated-complainers', 0)]);
    expect(results).toEqual([{ status: 'ignored' }]);
    expect(store.calls).toEqual([]);
    expect(sends).toEqual([]);
  });

  it('a version conflict records nothing; the retry re-reads and publishes on from there', async () => {
    const { useCase, store, published } = setup(true);
    await useCase.executeBatch([entry('cust-a', 'lifecycle-stage.new', 0)]);
    const batch = [entry('cust-a', 'lifecycle-stage.developing', 90)];
    store.interfere = () => {
      store.stages.set('cust-a', { ...store.stages.get('cust-a')!, stage: 'at-risk', version: 2 });
    };
    await expect(useCase.executeBatch(batch)).rejects.toMatchObject({
      code: 'STAGE_VERSION_CONFLICT',
    });
    expect(store.processed.has(batch[0]!.eventId)).toBe(false);
    const retry = await useCase.executeBatch(batch);
    expect(retry[0]).toMatchObject({
      status: 'changed',
      change: { from: 'at-risk', to: 'developing', version: 3 },
    });
    expect(published.map((c) => c.version)).toEqual([1, 2, 3]);
  });

  it('any batching gives the stage changes and events of one-by-one processing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            customer: fc.constantFrom('cust-a', 'cust-b', 'cust-c'),
            segment: fc.constantFrom(...SEGMENTS),
            exited: fc.boolean(),
            day: fc.integer({ min: 0, max: 60 }),
            again: fc.option(fc.nat(), { freq: 5 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 10 }),
        async (draws, size) => {
          const changes = withRedeliveries(draws, (d) =>
            entry(d.customer, d.segment, d.day, d.exited ? 'exited' : 'entered'),
          );
          const single = setup(false);
          const singleResults = [];
          for (const c of changes) singleResults.push(await single.useCase.execute(c));
          const batched = setup(true);
          const batchedResults = [];
          for (let i = 0; i < changes.length; i += size)
            batchedResults.push(
              ...(await batched.useCase.executeBatch(changes.slice(i, i + size))),
            );

          expect(batchedResults).toEqual(singleResults);
          expect(batched.published).toEqual(single.published);
          expect(batched.store.moves).toEqual(single.store.moves);
          expect(batched.store.stages).toEqual(single.store.stages);
          expect(batched.store.processed).toEqual(single.store.processed);
          expect(batched.store.calls.filter((c) => c === 'recordAll').length).toBeLessThanOrEqual(
            Math.ceil(changes.length / size),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
