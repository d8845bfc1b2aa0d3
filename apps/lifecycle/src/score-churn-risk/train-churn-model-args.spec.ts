import { parseTrainChurnModelArgs } from './train-churn-model-args';

describe('parseTrainChurnModelArgs', () => {
  it('reads defaults', () => {
    expect(parseTrainChurnModelArgs([])).toEqual({
      kind: 'train',
      options: {
        modelVersion: undefined,
        observedUntil: undefined,
        horizonDays: 60,
        snapshotCount: 6,
        stepDays: 30,
        heldOutShare: 0.3,
        silentAfterDays: 60,
        minAuc: 0.6,
        activate: true,
      },
    });
  });

  it('reads every option', () => {
    const command = parseTrainChurnModelArgs([
      '--model-version',
      'churn-v7',
      '--observed-until',
      '2026-11-26T00:00:00Z',
      '--horizon-days',
      '30',
      '--silent-after-days',
      '0',
      '--no-activate',
    ]);
    expect(command).toMatchObject({
      kind: 'train',
      options: {
        modelVersion: 'churn-v7',
        observedUntil: new Date('2026-11-26T00:00:00Z'),
        horizonDays: 30,
        silentAfterDays: 0,
        activate: false,
      },
    });
  });

  it.each([
    [['--horizon-days', '0'], /--horizon-days/],
    [['--held-out', '1'], /--held-out/],
    [['--observed-until', 'soon'], /--observed-until/],
    [['--model-version', 'x'.repeat(65)], /--model-version/],
    [['--bogus'], /bogus/],
  ])('rejects %j', (argv, message) => {
    const command = parseTrainChurnModelArgs(argv);
    expect(command.kind).toBe('error');
    expect(command.kind === 'error' ? command.message : '').toMatch(message);
  });

  it('answers --help', () => {
    expect(parseTrainChurnModelArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
