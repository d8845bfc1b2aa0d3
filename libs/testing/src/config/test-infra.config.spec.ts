import { testInfra, testInfraMode } from './test-infra.config';

describe('test infrastructure config', () => {
  it('reads addresses from the environment first', () => {
    const infra = testInfra({
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      DATABASE_URL: 'postgres://u@db:5432/x',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(infra).toEqual({
      kafkaBrokers: ['k1:9092', 'k2:9092'],
      databaseUrl: 'postgres://u@db:5432/x',
      redisUrl: 'redis://cache:6379',
    });
  });

  it('defaults to the local stack and refuses an unknown mode by name', () => {
    expect(testInfraMode({})).toBe('local');
    expect(testInfraMode({ CIP_TEST_INFRA: 'testcontainers' })).toBe('testcontainers');
    expect(() => testInfraMode({ CIP_TEST_INFRA: 'docker' })).toThrow(/CIP_TEST_INFRA/);
  });
});
