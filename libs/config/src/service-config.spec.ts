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
    expect(loadServiceConfig('lifecycle', {}).retention).toEqual({
      absenceTimerDays: 30,
      absenceTimerPruneIntervalMs: 3_600_000,
    });
    expect(
      loadServiceConfig('lifecycle', {
        ABSENCE_TIMER_RETENTION_DAYS: '90',
        ABSENCE_TIMER_PRUNE_INTERVAL_MS: '0',
      }).retention,
    ).toEqual({ absenceTimerDays: 90, absenceTimerPruneIntervalMs: 0 });
    for (const env of [
      { ABSENCE_TIMER_RETENTION_DAYS: '0' },
      { ABSENCE_TIMER_RETENTION_DAYS: '1.5' },
      { ABSENCE_TIMER_RETENTION_DAYS: 'forever' },
      { ABSENCE_TIMER_PRUNE_INTERVAL_MS: '-1' },
    ]) {
      expect(() => loadServiceConfig('lifecycle', env)).toThrow(ConfigError);
    }
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
