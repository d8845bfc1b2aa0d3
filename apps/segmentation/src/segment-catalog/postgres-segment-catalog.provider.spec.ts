import type { CatalogSnapshot } from '@cip/segmentation-domain';
import { createLogger } from '@cip/telemetry';
import { PostgresSegmentCatalogProvider } from './postgres-segment-catalog.provider';

const logger = createLogger({ serviceName: 'segmentation', level: 'silent' });
const condition = { kind: 'compare', op: '=', left: 1, right: 1 };
const snapshot = (...ids: string[]): CatalogSnapshot => ({
  active: ids.map((id, i) => ({ id, version: 1, code: i + 1, name: id, strategy: 's', condition })),
  retiredIds: [],
  quantiles: {},
});

describe('PostgresSegmentCatalogProvider', () => {
  it('serves the cached set within refreshMs and re-reads after it', async () => {
    let now = 0;
    const load = jest.fn(async () => snapshot('a'));
    const provider = new PostgresSegmentCatalogProvider({
      load,
      refreshMs: 1_000,
      logger,
      nowMs: () => now,
    });
    await provider.get();
    now = 749;
    await provider.get();
    expect(load).toHaveBeenCalledTimes(1);
    now = 1_000;
    await provider.get();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reads ahead in the background, the caller keeping the set it has', async () => {
    const { provider, load, clock, releaseSecondRead } = withHeldSecondRead();
    await provider.get();
    clock.now = 800;
    expect(ids(await provider.get())).toEqual(['a']);
    expect(ids(await provider.get())).toEqual(['a']);
    expect(load).toHaveBeenCalledTimes(2);
    releaseSecondRead(snapshot('a', 'b'));
    await new Promise((resolve) => setImmediate(resolve));
    clock.now = 1_500;
    expect(ids(await provider.get())).toEqual(['a', 'b']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('makes the caller wait for a read once the set is refreshMs old', async () => {
    const { provider, clock, releaseSecondRead } = withHeldSecondRead();
    await provider.get();
    clock.now = 1_000;
    let settled = false;
    const waiting = provider.get().finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    releaseSecondRead(snapshot('b'));
    expect(ids(await waiting)).toEqual(['b']);
  });

  it('refresh() always reads again, even while a read is in flight', async () => {
    let release: (s: CatalogSnapshot) => void = () => undefined;
    const load = jest
      .fn<Promise<CatalogSnapshot>, []>()
      .mockImplementationOnce(() => new Promise((resolve) => (release = resolve)))
      .mockResolvedValueOnce(snapshot('a', 'b'));
    const provider = new PostgresSegmentCatalogProvider({
      load,
      refreshMs: 60_000,
      logger,
      nowMs: () => 0,
    });
    const stale = provider.get();
    const fresh = await provider.refresh();
    expect(fresh.active.map((s) => s.id)).toEqual(['a', 'b']);
    release(snapshot('a'));
    await stale;
    // The older read finishing later does not replace the newer set.
    expect((await provider.get()).active.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('keeps the last set when a read fails, and throws with none', async () => {
    const load = jest.fn<Promise<CatalogSnapshot>, []>().mockRejectedValueOnce(new Error('down'));
    const provider = new PostgresSegmentCatalogProvider({
      load,
      refreshMs: 0,
      logger,
      nowMs: () => 0,
    });
    await expect(provider.get()).rejects.toThrow('down');
    load.mockResolvedValueOnce(snapshot('a')).mockRejectedValueOnce(new Error('blip'));
    await provider.get();
    expect((await provider.get()).active.map((s) => s.id)).toEqual(['a']);
  });

  it('keeps the compiled catalog while the active set is unchanged, and recompiles on a change', async () => {
    const load = jest
      .fn<Promise<CatalogSnapshot>, []>()
      .mockResolvedValueOnce(snapshot('a'))
      .mockResolvedValueOnce(snapshot('a'))
      .mockResolvedValueOnce({ ...snapshot('a'), retiredIds: ['b'] });
    const provider = new PostgresSegmentCatalogProvider({
      load,
      refreshMs: 0,
      logger,
      nowMs: () => 0,
    });
    const first = await provider.refresh();
    expect(await provider.refresh()).toBe(first);
    const changed = await provider.refresh();
    expect(changed).not.toBe(first);
    expect([...changed.retiredIds]).toEqual(['b']);
  });
});

/** A provider (1 s period) whose first read returns ['a'] and whose second waits for a release. */
function withHeldSecondRead() {
  const clock = { now: 0 };
  let releaseSecondRead: (s: CatalogSnapshot) => void = () => undefined;
  const load = jest
    .fn<Promise<CatalogSnapshot>, []>()
    .mockResolvedValueOnce(snapshot('a'))
    .mockImplementationOnce(() => new Promise((resolve) => (releaseSecondRead = resolve)));
  const provider = new PostgresSegmentCatalogProvider({
    load,
    refreshMs: 1_000,
    logger,
    nowMs: () => clock.now,
  });
  return { provider, load, clock, releaseSecondRead: (s: CatalogSnapshot) => releaseSecondRead(s) };
}

const ids = (catalog: { active: ReadonlyArray<{ id: string }> }) => catalog.active.map((s) => s.id);
