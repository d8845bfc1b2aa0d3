import { ActiveActionCatalog } from './active-action-catalog';

describe('ActiveActionCatalog', () => {
  it('re-reads after refreshMs, skipping invalid rows', async () => {
    let nowMs = 0;
    const rows: unknown[] = [
      {
        actionId: 'a',
        name: 'A',
        kind: 'nurture',
        channel: 'email',
        script: 's',
        appliesToTriggers: [],
        priority: 1,
        enabled: true,
      },
      {
        actionId: 'bad',
        name: 'B',
        kind: 'spam',
        channel: 'email',
        script: 's',
        appliesToTriggers: [],
        priority: 1,
        enabled: true,
      },
    ];
    const source = { loadEnabled: jest.fn(async () => rows) };
    const onInvalid = jest.fn();
    const catalog = new ActiveActionCatalog({
      source,
      clock: { now: () => new Date(nowMs) },
      refreshMs: 100,
      onInvalid,
    });
    expect((await catalog.get()).map((a) => a.actionId)).toEqual(['a']);
    expect(onInvalid).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'INVALID_CATALOG_ACTION' }),
    );
    await catalog.get();
    expect(source.loadEnabled).toHaveBeenCalledTimes(1);
    nowMs = 150;
    await catalog.get();
    expect(source.loadEnabled).toHaveBeenCalledTimes(2);
  });
});
