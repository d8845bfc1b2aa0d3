import { runChecks } from './dependency-check';

describe('runChecks', () => {
  it('reports each dependency up or down with the error, and times out a silent one', async () => {
    const statuses = await runChecks(
      [
        { name: 'kafka', check: async () => undefined },
        { name: 'redis', check: async () => Promise.reject(new Error('ECONNREFUSED')) },
        { name: 'postgres', check: () => new Promise(() => undefined) },
      ],
      50,
    );
    expect(statuses.map(({ name, status, error }) => ({ name, status, error }))).toEqual([
      { name: 'kafka', status: 'up', error: undefined },
      { name: 'redis', status: 'down', error: 'ECONNREFUSED' },
      { name: 'postgres', status: 'down', error: 'no answer within 50 ms' },
    ]);
  });
});
