import { ActiveTriggerDefinitions } from './active-trigger-definitions';
import type { StoredTriggerDefinition } from './trigger-definition';
import { repeatedComplaintsStored } from '../testing.fixtures';

describe('ActiveTriggerDefinitions', () => {
  let nowMs = 0;
  const clock = { now: () => new Date(nowMs) };

  it('caches for refreshMs, then re-reads (definitions change at runtime)', async () => {
    let rows: StoredTriggerDefinition[] = [repeatedComplaintsStored()];
    const source = { loadEnabled: jest.fn(async () => rows) };
    const active = new ActiveTriggerDefinitions({ source, clock, refreshMs: 1_000 });
    expect((await active.get()).map((d) => d.id)).toEqual(['repeated-complaints']);
    rows = [];
    nowMs = 500;
    expect(await active.get()).toHaveLength(1);
    nowMs = 1_500;
    expect(await active.get()).toHaveLength(0);
    expect(source.loadEnabled).toHaveBeenCalledTimes(2);
  });

  it('skips invalid definitions and keeps the last set when a refresh fails', async () => {
    nowMs = 0;
    const onInvalid = jest.fn();
    const onRefreshFailed = jest.fn();
    const source = {
      loadEnabled: jest
        .fn<Promise<StoredTriggerDefinition[]>, []>()
        .mockResolvedValueOnce([
          repeatedComplaintsStored(),
          { ...repeatedComplaintsStored(), id: 'bad', condition: { kind: 'eval' } },
        ])
        .mockRejectedValueOnce(new Error('db down')),
    };
    const active = new ActiveTriggerDefinitions({
      source,
      clock,
      refreshMs: 10,
      onInvalid,
      onRefreshFailed,
    });
    expect(await active.get()).toHaveLength(1);
    expect(onInvalid).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'INVALID_TRIGGER_DEFINITION' }),
    );
    nowMs = 100;
    expect(await active.get()).toHaveLength(1);
    expect(onRefreshFailed).toHaveBeenCalled();
  });

  it('throws when the first load fails (no catalog to evaluate against)', async () => {
    const source = { loadEnabled: async () => Promise.reject(new Error('db down')) };
    await expect(
      new ActiveTriggerDefinitions({ source, clock, refreshMs: 10 }).get(),
    ).rejects.toThrow('db down');
  });
});
