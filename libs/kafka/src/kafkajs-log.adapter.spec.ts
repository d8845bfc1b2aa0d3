import pino from 'pino';
import { logLevel } from 'kafkajs';
import type { BusLogger } from './bus-logger';
import { kafkajsLogCreator } from './kafkajs-log.adapter';
import { RecordingLogger } from './test/recording-logger';

describe('kafkajsLogCreator', () => {
  const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) => ({
    namespace: 'Consumer',
    level,
    label: 'X',
    log: { message, timestamp: '2026-01-01T00:00:00.000Z', ...extra },
  });

  it('routes each kafkajs level to the matching logger method, with structured fields', () => {
    const logger = new RecordingLogger();
    const log = kafkajsLogCreator(logger)(logLevel.WARN);
    log(entry(logLevel.ERROR, 'Crash', { groupId: 'g' }));
    log(entry(logLevel.WARN, 'rebalancing'));
    log(entry(logLevel.INFO, 'started'));
    expect(logger.records).toEqual([
      {
        level: 'error',
        message: 'kafkajs: Crash',
        fields: { component: 'kafkajs', namespace: 'Consumer', groupId: 'g' },
      },
      {
        level: 'warn',
        message: 'kafkajs: rebalancing',
        fields: { component: 'kafkajs', namespace: 'Consumer' },
      },
      {
        level: 'info',
        message: 'kafkajs: started',
        fields: { component: 'kafkajs', namespace: 'Consumer' },
      },
    ]);
  });

  it('moves an Error to `err` so pino serialises it', () => {
    const logger = new RecordingLogger();
    const failure = new Error('boom');
    kafkajsLogCreator(logger)(logLevel.WARN)(
      entry(logLevel.ERROR, 'Error when calling eachBatch', { error: failure }),
    );
    expect(logger.records[0]?.fields['err']).toBe(failure);
    expect(logger.records[0]?.fields).not.toHaveProperty('error');
  });

  it('logs a broker error answer to one request at debug, since kafkajs retries it', () => {
    const logger = new RecordingLogger();
    const log = kafkajsLogCreator(logger)(logLevel.WARN);
    log({
      ...entry(logLevel.ERROR, 'Response ListOffsets(key: 2, version: 3)', {
        error: 'This server is not the leader for that topic-partition',
      }),
      namespace: 'Connection',
    });
    log({ ...entry(logLevel.ERROR, 'Connection error: ECONNREFUSED'), namespace: 'Connection' });
    expect(logger.records.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'debug', message: 'kafkajs: Response ListOffsets(key: 2, version: 3)' },
      { level: 'error', message: 'kafkajs: Connection error: ECONNREFUSED' },
    ]);
  });

  it('drops the warning about bounded idempotent retries (deliberate, see ProducerGeneration)', () => {
    const logger = new RecordingLogger();
    kafkajsLogCreator(logger)(logLevel.WARN)(
      entry(
        logLevel.WARN,
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    );
    expect(logger.records).toEqual([]);
  });

  it('accepts a pino logger as a BusLogger', () => {
    const lines: string[] = [];
    const logger: BusLogger = pino(
      { base: null, timestamp: false },
      { write: (line: string) => lines.push(line) },
    );
    kafkajsLogCreator(logger)(logLevel.WARN)(entry(logLevel.WARN, 'rebalancing', { groupId: 'g' }));
    expect(JSON.parse(lines[0] ?? '{}')).toEqual({
      level: 40,
      msg: 'kafkajs: rebalancing',
      component: 'kafkajs',
      namespace: 'Consumer',
      groupId: 'g',
    });
  });
});
