import {
  buildSegmentCatalog,
  emptySegmentState,
  parseCondition,
  type CustomerSegmentState,
  type SegmentCatalog,
  type SegmentTrigger,
} from '@cip/segmentation-domain';
import { createLogger } from '@cip/telemetry';
import type { BackfillJobRow } from './backfill-job.view';
import { BackfillRunner, type BackfillRunnerDeps } from './backfill.runner';
import type { ClaimedJob, PostgresBackfillJobs } from './postgres-backfill-jobs';

const catalog: SegmentCatalog = buildSegmentCatalog({ active: [] });
const logger = createLogger({ serviceName: 'segmentation', level: 'silent' });

function job(overrides: Partial<BackfillJobRow> = {}): BackfillJobRow {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    scope: 'quantiles',
    segmentId: null,
    version: null,
    kind: 'quantiles',
    status: 'running',
    total: null,
    processed: 0,
    changes: 0,
    cursor: null,
    attempts: 1,
    createdBy: 't',
    createdAt: new Date(0),
    startedAt: new Date(0),
    finishedAt: null,
    error: null,
    ...overrides,
  };
}

/** A catalog of one segment `seg` (version 2): at least `atLeast` `event`s in `days` days. */
function catalogOfSeg(event: string, days: number, atLeast: number): SegmentCatalog {
  const condition = parseCondition({
    kind: 'compare',
    op: '>=',
    left: { kind: 'aggregate', fn: 'count', event, window: { days } },
    right: atLeast,
  });
  return buildSegmentCatalog({
    active: [{ id: 'seg', version: 2, code: 1, name: 'seg', strategy: '', condition }],
  });
}

/** A hot store of `ids` scanned `pageSize` at a time; cursors are offsets as strings. */
function scanner(ids: string[], states = new Map<string, CustomerSegmentState>()) {
  return {
    loadFields: jest.fn(async (customerIds: readonly string[], _fields?: readonly string[]) => {
      const found = new Map<string, CustomerSegmentState>();
      for (const id of customerIds) if (states.has(id)) found.set(id, states.get(id)!);
      return found;
    }),
    scanCustomerIds: jest.fn(async (cursor: string, count: number) => {
      const from = Number(cursor);
      const next = from + count;
      return {
        cursor: next >= ids.length ? '0' : String(next),
        customerIds: ids.slice(from, next),
      };
    }),
  };
}

function setup(
  claimed: BackfillJobRow | undefined,
  ids: string[],
  pageSize = 2,
  throttle: Partial<Pick<BackfillRunnerDeps, 'population'>> & {
    progressEveryMs?: number;
    nowMs?: () => number;
    screenPageSize?: number;
    pagesInFlight?: number;
  } = {
    progressEveryMs: 0,
    nowMs: () => 0,
  },
  hot: { catalog: SegmentCatalog; states: Map<string, CustomerSegmentState> } = {
    catalog,
    states: new Map(),
  },
) {
  const store = scanner(ids, hot.states);
  const recorded: unknown[] = [];
  const jobs = {
    claimNext: jest.fn(async (): Promise<ClaimedJob | undefined> =>
      claimed ? { job: claimed, attempt: claimed.attempts } : undefined,
    ),
    recordPage: jest.fn(async (_c: ClaimedJob, progress: unknown) => {
      recorded.push(progress);
      return true;
    }),
    finish: jest.fn(async () => true),
    release: jest.fn(async () => true),
  };
  const reevaluated: string[][] = [];
  const reevaluator = {
    reevaluate: jest.fn(
      async (
        customerIds: readonly string[],
        _trigger: (customerId: string) => SegmentTrigger,
        _catalog: SegmentCatalog,
      ) => {
        reevaluated.push([...customerIds]);
        return { changes: customerIds.length };
      },
    ),
  };
  const runner = new BackfillRunner({
    jobs: jobs as unknown as PostgresBackfillJobs,
    store,
    catalogs: { get: async () => hot.catalog, refresh: jest.fn(async () => hot.catalog) },
    reevaluator,
    population: throttle.population ?? (async () => ids.length),
    logger,
    pageSize,
    leaseMs: 10_000,
    maxAttempts: 3,
    settleMs: 100,
    ...throttle,
    progressEveryMs: throttle.progressEveryMs ?? 0,
    nowMs: throttle.nowMs ?? (() => 0),
  });
  return { runner, jobs, reevaluator, reevaluated, recorded, store };
}

describe('BackfillRunner', () => {
  it('is idle when no job waits', async () => {
    const { runner, reevaluator, jobs } = setup(undefined, ['a']);
    expect(await runner.runNext()).toBe('idle');
    // Jobs younger than the settle time are left for later (catalogs still refreshing).
    expect(jobs.claimNext).toHaveBeenCalledWith(10_000, 100);
    expect(reevaluator.reevaluate).not.toHaveBeenCalled();
  });

  it('re-evaluates every customer page by page, saving progress after each page', async () => {
    const { runner, jobs, reevaluated, recorded, reevaluator } = setup(job(), [
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(await runner.runNext()).toBe('done');
    expect(reevaluated).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(recorded).toEqual([
      { processed: 2, changes: 2, total: 5, cursor: '2' },
      { processed: 4, changes: 4, total: 5, cursor: '4' },
    ]);
    expect(jobs.finish).toHaveBeenCalledWith(expect.anything(), {
      processed: 5,
      changes: 5,
      total: 5,
      cursor: '0',
    });
    // One trigger per job: a replayed page yields the same change ids.
    const trigger = reevaluator.reevaluate.mock.calls[0]![1];
    expect(trigger('a')).toEqual({
      eventId: 'backfill:00000000-0000-4000-8000-000000000001',
      correlationId: '00000000-0000-4000-8000-000000000001',
    });
  });

  it('resumes a claimed job at its saved cursor and counts on from its progress', async () => {
    const { runner, reevaluated, jobs } = setup(
      job({ cursor: '4', processed: 4, changes: 1, total: 5, attempts: 2 }),
      ['a', 'b', 'c', 'd', 'e'],
    );
    expect(await runner.runNext()).toBe('done');
    expect(reevaluated).toEqual([['e']]);
    expect(jobs.finish).toHaveBeenCalledWith(expect.objectContaining({ attempt: 2 }), {
      processed: 5,
      changes: 2,
      total: 5,
      cursor: '0',
    });
  });

  it('stops when the job was cancelled or taken over (progress write refused)', async () => {
    const { runner, jobs, reevaluated } = setup(job(), ['a', 'b', 'c', 'd', 'e']);
    jobs.recordPage.mockResolvedValueOnce(false);
    expect(await runner.runNext()).toBe('lost');
    // The page after the refused one was already in flight (pages overlap); nothing more starts.
    expect(reevaluated).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(jobs.finish).not.toHaveBeenCalled();
  });

  it('gives a failing job back for a retry, and fails it after the last attempt', async () => {
    const first = setup(job({ attempts: 1 }), ['a']);
    first.reevaluator.reevaluate.mockRejectedValueOnce(new Error('redis down'));
    expect(await first.runner.runNext()).toBe('retry');
    expect(first.jobs.release).toHaveBeenCalledWith(expect.anything(), 'redis down', {
      retryInMs: 2_000,
    });
    const last = setup(job({ attempts: 3 }), ['a']);
    last.reevaluator.reevaluate.mockRejectedValueOnce(new Error('redis down'));
    expect(await last.runner.runNext()).toBe('failed');
    expect(last.jobs.release).toHaveBeenCalledWith(expect.anything(), 'redis down', 'fail');
  });

  it('overlaps two pages, never saving a cursor past a page still in flight', async () => {
    const { runner, jobs, recorded, reevaluator } = setup(job(), ['a', 'b', 'c', 'd', 'e']);
    const running: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inFlight = 0;
    let maxInFlight = 0;
    reevaluator.reevaluate.mockImplementation(async (ids: readonly string[]) => {
      running.push([...ids]);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // The first page stays busy until the second has started.
      if (running.length === 1) await gate;
      else release();
      inFlight -= 1;
      return { changes: 0 };
    });
    expect(await runner.runNext()).toBe('done');
    expect(maxInFlight).toBe(2);
    expect(running).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    // Each saved cursor is the end of a finished page, in order.
    expect(recorded.map((p) => (p as { cursor: string }).cursor)).toEqual(['2', '4']);
    expect(jobs.finish).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ processed: 5 }),
    );
  });

  it('keeps pagesInFlight pages going at once', async () => {
    const { runner, reevaluator } = setup(job(), ['a', 'b', 'c', 'd', 'e', 'f', 'g'], 2, {
      pagesInFlight: 3,
    });
    let inFlight = 0;
    let maxInFlight = 0;
    const waiting: Array<() => void> = [];
    reevaluator.reevaluate.mockImplementation(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Each page waits until a third one has started (or the scan has run out of pages).
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= 3 || inFlight >= 3) waiting.splice(0).forEach((go) => go());
        else setTimeout(() => waiting.splice(0).forEach((go) => go()), 20);
      });
      inFlight -= 1;
      return { changes: 0 };
    });
    expect(await runner.runNext()).toBe('done');
    expect(maxInFlight).toBe(3);
  });

  it('counts the population beside the first page, not before it', async () => {
    let firstPageStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (firstPageStarted = resolve));
    const { runner, jobs, reevaluator } = setup(job(), ['a', 'b', 'c'], 2, {
      // Answers only once a page is being re-evaluated: counting first would never finish.
      population: async () => {
        await started;
        return 3;
      },
    });
    reevaluator.reevaluate.mockImplementation(async (ids: readonly string[]) => {
      firstPageStarted();
      return { changes: ids.length };
    });
    expect(await runner.runNext()).toBe('done');
    expect(jobs.finish).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ processed: 3, total: 3 }),
    );
  });

  it('writes progress at most every progressEveryMs, and always at the end', async () => {
    let now = 0;
    const { runner, jobs, recorded } = setup(job(), ['a', 'b', 'c', 'd', 'e', 'f', 'g'], 1, {
      progressEveryMs: 3,
      nowMs: () => (now += 1),
    });
    expect(await runner.runNext()).toBe('done');
    // One page per tick of the clock: progress written every third page only.
    expect(recorded.length).toBeLessThan(6);
    expect(recorded.length).toBeGreaterThan(0);
    expect(jobs.finish).toHaveBeenCalledWith(expect.anything(), {
      processed: 7,
      changes: 7,
      total: 7,
      cursor: '0',
    });
  });

  it("screens a segment's change: only customers it can affect are re-evaluated", async () => {
    const everyone = catalogOfSeg('complaint.filed', 30, 0);
    const stale = (memberships: Record<string, number>): CustomerSegmentState => ({
      ...emptySegmentState('x'),
      memberships,
      catalogKey: 'older',
    });
    const states = new Map<string, CustomerSegmentState>([
      ['enters', stale({})],
      ['stays', stale({ seg: 2 })],
      ['settled', { ...stale({}), catalogKey: everyone.key }],
      ['moves-to-v2', stale({ seg: 1 })],
    ]);
    const ids = ['enters', 'stays', 'settled', 'gone', 'moves-to-v2'];
    const { runner, reevaluated, jobs, store } = setup(
      job({ scope: 'seg', segmentId: 'seg', version: 2, kind: 'edit' }),
      ids,
      1,
      { progressEveryMs: 0, nowMs: () => 0, screenPageSize: 10 },
      { catalog: everyone, states },
    );
    expect(await runner.runNext()).toBe('done');
    // One screened page of every id; the affected re-evaluated in slices of the page size.
    expect(store.scanCustomerIds).toHaveBeenCalledTimes(1);
    expect(reevaluated).toEqual([['enters'], ['moves-to-v2']]);
    // Only the fields that segment reads: one series, not the whole hash.
    const fields = store.loadFields.mock.calls[0]![1] as string[];
    expect(fields.filter((f) => f.startsWith('s:'))).toHaveLength(1);
    // Progress counts every customer scanned, screened out or not.
    expect(jobs.finish).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ processed: 5, changes: 2 }),
    );
  });

  it('screens a large page in chunks of 5,000, keeping the page order of the affected', async () => {
    const seg = catalogOfSeg('call.completed', 7, 1);
    const ids = Array.from({ length: 12_001 }, (_, i) => `c-${i}`);
    // Every 1,000th customer is a member of version 1 and must move to version 2 (or exit).
    const states = new Map(
      ids.map((id, i): [string, CustomerSegmentState] => [
        id,
        {
          ...emptySegmentState(id),
          memberships: i % 1_000 === 0 ? { seg: 1 } : {},
          catalogKey: 'older',
        },
      ]),
    );
    const { runner, reevaluated, store } = setup(
      job({ scope: 'seg', segmentId: 'seg', version: 2, kind: 'edit' }),
      ids,
      100,
      { progressEveryMs: 0, nowMs: () => 0, screenPageSize: 20_000 },
      { catalog: seg, states },
    );
    expect(await runner.runNext()).toBe('done');
    expect(store.loadFields.mock.calls.map(([chunk]) => chunk.length)).toEqual([
      5_000, 5_000, 2_001,
    ]);
    expect(reevaluated.flat()).toEqual(ids.filter((_, i) => i % 1_000 === 0));
  });
});
