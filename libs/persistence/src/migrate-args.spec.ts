import { describeOutcome, parseMigrateArgs } from './migrate-args';

describe('parseMigrateArgs', () => {
  it('defaults to every service', () => {
    expect(parseMigrateArgs([])).toEqual({
      kind: 'run',
      services: ['ingestion', 'segmentation', 'lifecycle', 'nba'],
    });
  });
  it('keeps the given order without duplicates', () => {
    expect(parseMigrateArgs(['nba', 'ingestion', 'nba'])).toEqual({
      kind: 'run',
      services: ['nba', 'ingestion'],
    });
  });
  it('rejects unknown names, naming them', () => {
    const command = parseMigrateArgs(['nba', 'billing', 'constructor']);
    expect(command.kind).toBe('error');
    expect(command.kind === 'error' && command.message).toContain('billing, constructor');
  });
  it('answers --help', () => {
    expect(parseMigrateArgs(['--help'])).toEqual({ kind: 'help' });
  });
});

describe('describeOutcome', () => {
  it('says up to date, or what it applied', () => {
    expect(describeOutcome({ service: 'nba', schema: 'nba', applied: [] })).toBe(
      'nba [schema nba]: up to date',
    );
    expect(describeOutcome({ service: 'nba', schema: 'x_nba', applied: ['A1', 'B2'] })).toBe(
      'nba [schema x_nba]: applied 2 migrations (A1, B2)',
    );
  });
});
