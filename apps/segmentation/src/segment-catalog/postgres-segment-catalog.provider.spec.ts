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
    let now = 0;
    let release: (s: CatalogSnapshot) => void = () => undefined;
    const load = jest
      .fn<Promise<CatalogSnapshot>, []>()
      .mockResolvedValueOnce(snapshot('a'))
      .mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));
    const provider = new PostgresSegmentCatalogProvider({
      load,
      refreshMs: 1_000,
      logger,
      nowMs: () => now,
    });
    await provider.get();
    now = 800;
    expect((await provider.get()).active.map((s) => s.id)).toEqual(['a']);
    expect((await provider.get()).active.map((s) => s.id)).toEqual(['a']);
    expect(load).toHaveBeenCalledTimes(2);
    release(snapshot('a', 'b'));
    await new Promise((resolve) => setImmediate(resolve));
    now = 1_500;
    expect((await provider.get()).active.map((s) => s.id)).toEqual(['a', 'b']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('makes the caller wait for a read once the set is refreshMs old', async () => {
    let now = 0;
    let release: (s: CatalogSnapshot) => void = () => undefined;
    const load = jest
      .fn<Promise<CatalogSnapshot>, []>()
      .mockResolvedValueOnce(snapshot('a'))
      .mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));
    const provider = new PostgresSegmentCatalogProvider({
      load,
      refreshMs: 1_000,
      logger,
      nowMs: () => now,
    });
    await provider.get();
    now = 1_000;
    let settled = false;
    const waiting = provider.get().finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    release(snapshot('b'));
    expect((await waiting).active.map((s) => s.id)).toEqual(['b']);
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
