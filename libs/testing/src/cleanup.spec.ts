import { deleteTestKeys, dropTestSchemas, removeIsolation } from './cleanup';

// Unreachable on purpose: every refusal must come before any connection is attempted.
const nowhere = {
  kafkaBrokers: ['127.0.0.1:1'],
  databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
  redisUrl: 'redis://127.0.0.1:1',
};

describe('test clean-up', () => {
  it('refuses to drop schemas or delete keys outside a test prefix', async () => {
    await expect(dropTestSchemas(nowhere.databaseUrl, 'cip_')).rejects.toThrow(
      /non-test prefix 'cip_'/,
    );
    await expect(deleteTestKeys(nowhere.redisUrl, 'cip:')).rejects.toThrow(
      /non-test prefix 'cip:'/,
    );
  });

  it('reports every refusal of one run together', async () => {
    const outcome = removeIsolation(nowhere, {
      id: 'prod',
      topicPrefix: 'prod-',
      consumerGroupPrefix: 'prod',
      redisKeyPrefix: 'prod:',
      schemaPrefix: 'prod_',
    });
    await expect(outcome).rejects.toThrow('clean-up of test run prod left data behind');
    const error = (await outcome.catch((e: unknown) => e)) as AggregateError;
    expect(error.errors.map((e: Error) => e.message)).toEqual([
      "refusing to delete topics of non-test prefix 'prod-'",
      "refusing to drop schemas of non-test prefix 'prod_'",
      "refusing to delete keys of non-test prefix 'prod:'",
    ]);
  });
});
