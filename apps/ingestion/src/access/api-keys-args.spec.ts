import { parseApiKeysArgs } from './api-keys-args';

describe('parseApiKeysArgs', () => {
  it('parses create with defaults for rate and burst', () => {
    expect(
      parseApiKeysArgs([
        'create',
        '--name',
        'Call center',
        '--source',
        'call-center',
        '--scopes',
        'events:write, customers:read',
      ]),
    ).toEqual({
      kind: 'create',
      key: {
        name: 'Call center',
        sourceSystem: 'call-center',
        scopes: ['events:write', 'customers:read'],
        ratePerSecond: 1_000,
        burst: 2_000,
      },
    });
  });

  it('parses list, revoke and help', () => {
    expect(parseApiKeysArgs(['list'])).toEqual({ kind: 'list' });
    expect(parseApiKeysArgs(['revoke', 'abc'])).toEqual({ kind: 'revoke', keyId: 'abc' });
    expect(parseApiKeysArgs([])).toEqual({ kind: 'help' });
  });

  it('explains each mistake', () => {
    const message = (args: string[]) => {
      const command = parseApiKeysArgs(args);
      return command.kind === 'error' ? command.message : command.kind;
    };
    expect(message(['create', '--name', 'x'])).toMatch(/needs --name, --source and --scopes/);
    expect(message(['create', '--name', 'x', '--source', 's', '--scopes', 'events:delete'])).toBe(
      'unknown scopes: events:delete',
    );
    expect(
      message([
        'create',
        '--name',
        'x',
        '--source',
        's',
        '--scopes',
        'events:write',
        '--rate',
        '0',
      ]),
    ).toMatch(/--rate/);
    expect(message(['revoke'])).toMatch(/exactly one key id/);
    expect(message(['drop'])).toBe("unknown command 'drop'");
    expect(message(['list', '--colour'])).toMatch(/colour/);
  });
});
