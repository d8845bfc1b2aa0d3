import { parseSimulateArgs } from './simulate-args';

describe('parseSimulateArgs', () => {
  it('reads the historical (files) command with defaults', () => {
    expect(
      parseSimulateArgs(['--customers', '10000', '--seed', '7', '--end', '2026-01-31']),
    ).toEqual({
      kind: 'files',
      options: {
        customers: 10_000,
        months: 12,
        seed: 7,
        end: new Date('2026-01-31T00:00:00Z'),
        configFile: undefined,
        outDir: '.run/sim',
        countOnly: false,
      },
    });
  });

  it('reads the live command', () => {
    const command = parseSimulateArgs([
      '--live',
      '--rate',
      '2000',
      '--url',
      'http://x:3001',
      '--max-events',
      '50',
    ]);
    expect(command).toMatchObject({
      kind: 'live',
      options: {
        rate: 2_000,
        url: 'http://x:3001',
        batchSize: 500,
        concurrency: 4,
        maxEvents: 50,
        profiles: false,
      },
    });
  });

  it('explains each mistake', () => {
    const message = (args: string[]) => {
      const command = parseSimulateArgs(args);
      return command.kind === 'error' ? command.message : command.kind;
    };
    expect(message(['--help'])).toBe('help');
    expect(message(['--customers', '0'])).toMatch(/--customers/);
    expect(message(['--months', '1.5'])).toMatch(/--months/);
    expect(message(['--live', '--batch-size', '5000'])).toMatch(/--batch-size/);
    expect(message(['--end', '31/01/2026'])).toMatch(/--end/);
    expect(message(['--bogus'])).toMatch(/bogus/);
  });
});
