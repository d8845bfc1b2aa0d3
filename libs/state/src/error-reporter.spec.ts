import type { Logger } from '@cip/telemetry';
import { reconnectDelayMs } from './create-redis-client';
import { createErrorReporter, type StateLogger } from './error-reporter';

// A pino Logger must fit where a StateLogger is expected.
const _fits: (logger: Logger) => StateLogger = (logger) => logger;
void _fits;

describe('createErrorReporter', () => {
  it('logs a repeated error once per interval, counting what it suppressed', () => {
    const lines: Array<{ context: object; message: string }> = [];
    let now = 0;
    const report = createErrorReporter(
      { warn: (context, message) => lines.push({ context, message }) },
      {
        intervalMs: 1_000,
        now: () => now,
      },
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    report(refused);
    now = 100;
    report(refused);
    report(refused);
    report(new Error('other'));
    now = 1_200;
    report(refused);
    expect(lines.map((l) => l.context)).toEqual([
      { err: { message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' }, suppressed: 0 },
      { err: { message: 'other', code: undefined }, suppressed: 0 },
      { err: { message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' }, suppressed: 2 },
    ]);
  });
});

describe('reconnectDelayMs', () => {
  it('backs off linearly and caps at 2 s', () => {
    expect([1, 2, 10, 40, 1_000].map(reconnectDelayMs)).toEqual([50, 100, 500, 2_000, 2_000]);
  });
});
