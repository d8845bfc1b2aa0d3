import type { ActiveChurnModel } from '@cip/lifecycle-domain';
import { RefreshingChurnModel } from './refreshing-churn-model';

const model = (version: string) => ({ version }) as unknown as ActiveChurnModel;

describe('RefreshingChurnModel', () => {
  it('loads at start, switches to a newly activated version on refresh, keeps the last one when a refresh fails', async () => {
    const loads: Array<() => Promise<ActiveChurnModel | undefined>> = [
      () => Promise.resolve(undefined),
      () => Promise.resolve(model('v1')),
      () => Promise.reject(new Error('postgres down')),
    ];
    const failures: unknown[] = [];
    const holder = new RefreshingChurnModel({
      load: () => (loads.shift() ?? (() => Promise.resolve(model('v2'))))(),
      refreshMs: 3_600_000,
      onRefreshFailed: (error) => failures.push(error),
    });
    await holder.start();
    expect(holder.current()).toBeUndefined();
    await holder.refresh();
    expect(holder.current()?.version).toBe('v1');
    await expect(holder.refresh()).rejects.toThrow('postgres down');
    expect(holder.current()?.version).toBe('v1');
    await holder.refresh();
    expect(holder.current()?.version).toBe('v2');
    holder.stop();
  });
});
