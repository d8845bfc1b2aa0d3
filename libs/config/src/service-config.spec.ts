import { ConfigError } from './config-error';
import { consumerGroupId, loadServiceConfig } from './service-config';

describe('loadServiceConfig', () => {
  it('applies the local-stack defaults and the service port', () => {
    const config = loadServiceConfig('segmentation', {});
    expect(config.http.port).toBe(3002);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.database.schema).toBe('segmentation');
    expect(config.shutdownTimeoutMs).toBe(9_000);
  });

  it('reads lists, prefixes and numbers from the environment', () => {
    const config = loadServiceConfig('nba', {
      KAFKA_BROKERS: 'a:1, b:2',
      KAFKA_TOPIC_PREFIX: 'staging.',
      DATABASE_SCHEMA_PREFIX: 't_abc_',
      PORT: '4010',
    });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.database.schema).toBe('t_abc_nba');
    expect(config.http.port).toBe(4010);
    expect(consumerGroupId(config, 'attrition-alerts')).toBe('cip.staging.nba.attrition-alerts');
  });

  it('runs every segmentation workload by default and reads a narrower list', () => {
    const all = loadServiceConfig('segmentation', {}).segmentation.workloads;
    expect([...all].sort()).toEqual(['backfill', 'events', 'timers']);
    const worker = loadServiceConfig('segmentation', { SEGMENTATION_WORKLOADS: ' backfill ' });
    expect([...worker.segmentation.workloads]).toEqual(['backfill']);
    expect(() =>
      loadServiceConfig('segmentation', { SEGMENTATION_WORKLOADS: 'events,sweeps' }),
    ).toThrow(/SEGMENTATION_WORKLOADS/);
    expect(() => loadServiceConfig('segmentation', { SEGMENTATION_WORKLOADS: ',' })).toThrow(
      /at least one/,
    );
  });

  it('gathers segmentation journals only when configured to', () => {
    expect(loadServiceConfig('segmentation', {}).segmentation.journalGatherMs).toBe(0);
    const gathering = loadServiceConfig('segmentation', { SEGMENTATION_JOURNAL_GATHER_MS: '30' });
    expect(gathering.segmentation.journalGatherMs).toBe(30);
    expect(() =>
      loadServiceConfig('segmentation', { SEGMENTATION_JOURNAL_GATHER_MS: '-5' }),
    ).toThrow(/SEGMENTATION_JOURNAL_GATHER_MS/);
  });

  it('names every invalid variable at once', () => {
    let thrown: unknown;
    try {
      loadServiceConfig('ingestion', { PORT: 'http', REDIS_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const problems = (thrown as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/REDIS_URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect((thrown as ConfigError).code).toBe('INVALID_CONFIG');
  });

  it('reads the absence-timer retention, with defaults, and refuses values out of range', () => {
    expect(loadServiceConfig('lifecycle', {}).retention).toMatchObject({
      absenceTimerDays: 30,
      absenceTimerPruneIntervalMs: 3_600_000,
    });
    expect(
      loadServiceConfig('lifecycle', {
        ABSENCE_TIMER_RETENTION_DAYS: '90',
        ABSENCE_TIMER_PRUNE_INTERVAL_MS: '0',
      }).retention,
    ).toMatchObject({ absenceTimerDays: 90, absenceTimerPruneIntervalMs: 0 });
    for (const env of [
      { ABSENCE_TIMER_RETENTION_DAYS: '0' },
      { ABSENCE_TIMER_RETENTION_DAYS: '1.5' },
      { ABSENCE_TIMER_RETENTION_DAYS: 'forever' },
      { ABSENCE_TIMER_PRUNE_INTERVAL_MS: '-1' },
    ]) {
      expect(() => loadServiceConfig('lifecycle', env)).toThrow(ConfigError);
    }
  });

  it('reads the inbox retention, with defaults above the 7-day Kafka retention', () => {
    expect(loadServiceConfig('nba', {}).retention).toEqual({
      absenceTimerDays: 30,
      absenceTimerPruneIntervalMs: 3_600_000,
      inboxDays: 8,
      inboxPruneIntervalMs: 600_000,
    });
    expect(
      loadServiceConfig('segmentation', {
        INBOX_RETENTION_DAYS: '1',
        INBOX_PRUNE_INTERVAL_MS: '0',
      }).retention,
    ).toMatchObject({ inboxDays: 1, inboxPruneIntervalMs: 0 });
  });

  it.each([
    [{ INBOX_RETENTION_DAYS: '0' }, /^INBOX_RETENTION_DAYS: at least 1 day/],
    [{ INBOX_RETENTION_DAYS: '-3' }, /^INBOX_RETENTION_DAYS: at least 1 day/],
    [{ INBOX_RETENTION_DAYS: '7.5' }, /^INBOX_RETENTION_DAYS: a whole number of days/],
    [{ INBOX_RETENTION_DAYS: 'week' }, /^INBOX_RETENTION_DAYS: .*expected number/],
    [{ INBOX_RETENTION_DAYS: '3651' }, /^INBOX_RETENTION_DAYS: Too big/],
    [{ INBOX_PRUNE_INTERVAL_MS: '-1' }, /^INBOX_PRUNE_INTERVAL_MS: 0 \(off\) or a positive/],
    [{ INBOX_PRUNE_INTERVAL_MS: '0.5' }, /^INBOX_PRUNE_INTERVAL_MS: a whole number of/],
    [{ INBOX_PRUNE_INTERVAL_MS: 'often' }, /^INBOX_PRUNE_INTERVAL_MS: .*expected number/],
    [{ INBOX_PRUNE_INTERVAL_MS: '86400001' }, /^INBOX_PRUNE_INTERVAL_MS: Too big/],
  ])('refuses %o, naming the variable', (env, message) => {
    let thrown: unknown;
    try {
      loadServiceConfig('lifecycle', env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([expect.stringMatching(message)]);
  });

  it('demands API keys in production and refuses to switch them off there', () => {
    expect(loadServiceConfig('ingestion', {}).http.apiKeysRequired).toBe(false);
    expect(loadServiceConfig('ingestion', { API_KEYS_REQUIRED: 'true' }).http.apiKeysRequired).toBe(
      true,
    );
    expect(loadServiceConfig('ingestion', { NODE_ENV: 'production' }).http.apiKeysRequired).toBe(
      true,
    );
    expect(() =>
      loadServiceConfig('ingestion', { NODE_ENV: 'production', API_KEYS_REQUIRED: 'false' }),
    ).toThrow(ConfigError);
  });
});
