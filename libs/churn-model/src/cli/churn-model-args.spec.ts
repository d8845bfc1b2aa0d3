import { parseChurnModelArgs } from './churn-model-args';

describe('parseChurnModelArgs', () => {
  it('reads a training run with defaults', () => {
    expect(parseChurnModelArgs(['train', '--data', '.run/sim', '--out', 'm.json'])).toEqual({
      command: 'train',
      dataDir: '.run/sim',
      snapshot: 'auto',
      horizonDays: 60,
      snapshotCount: 6,
      stepDays: 30,
      heldOutShare: 0.3,
      modelVersion: 'churn-v1',
      out: 'm.json',
    });
  });

  it('reads a scoring run', () => {
    const args = [
      'score',
      '--model',
      'm.json',
      '--data',
      'd',
      '--top',
      '5',
      '--snapshot',
      '2026-06-01',
    ];
    expect(parseChurnModelArgs(args)).toEqual({
      command: 'score',
      dataDir: 'd',
      snapshot: '2026-06-01',
      model: 'm.json',
      top: 5,
    });
  });

  it.each([
    [['train', '--data', 'd'], /--out/],
    [['score', '--data', 'd'], /--model/],
    [['train', '--data', 'd', '--out', 'm', '--horizon-days', '0'], /--horizon-days/],
    [['train', '--data', 'd', '--out', 'm', '--held-out', '1'], /--held-out/],
    [['train', '--data', 'd', '--out', 'm', '--snapshot', 'yesterday'], /--snapshot/],
    [['fit', '--data', 'd'], /'train' or 'score'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseChurnModelArgs(argv)).toThrow(message);
  });
});
