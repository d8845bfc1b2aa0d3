import type { DataSource } from 'typeorm';
import { claimEvent, claimEvents, processedEventIds } from './inbox';
import { ProcessedEventEntity } from './processed-event.entity';
import { useMigratedSchema } from './test/migrated-schema.harness';

const schema = useMigratedSchema('segmentation', 'inbox');
let dataSource: DataSource;

beforeAll(() => {
  dataSource = schema.dataSource;
});

describe('claimEvent', () => {
  it('returns true the first time and false for the same (consumer, event id) afterwards', async () => {
    expect(await claimEvent(dataSource.manager, 'segmentation.contact-events', 'evt-1')).toBe(true);
    expect(await claimEvent(dataSource.manager, 'segmentation.contact-events', 'evt-1')).toBe(
      false,
    );
    // Another consumer has its own inbox entry for the same event.
    expect(await claimEvent(dataSource.manager, 'segmentation.definitions', 'evt-1')).toBe(true);
  });

  it('lets a rolled-back effect be retried: the claim is undone with it', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        expect(await claimEvent(manager, 'c', 'evt-rollback')).toBe(true);
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    await dataSource.transaction(async (manager) => {
      expect(await claimEvent(manager, 'c', 'evt-rollback')).toBe(true);
    });
    expect(
      await dataSource
        .getRepository(ProcessedEventEntity)
        .countBy({ consumer: 'c', eventId: 'evt-rollback' }),
    ).toBe(1);
  });

  it('lets exactly one of two racing transactions claim an event', async () => {
    const attempt = (): Promise<boolean> =>
      dataSource.transaction(async (manager) => {
        const claimed = await claimEvent(manager, 'race', 'evt-race');
        await new Promise((resolve) => setTimeout(resolve, 50)); // hold the row lock a while
        return claimed;
      });
    const results = await Promise.all([attempt(), attempt()]);
    expect(results.sort()).toEqual([false, true]);
  });
});

describe('claimEvents', () => {
  it('claims a batch in one statement and reports only the new ids', async () => {
    expect(await claimEvents(dataSource.manager, 'batch', ['a', 'b'])).toEqual(new Set(['a', 'b']));
    expect(await claimEvents(dataSource.manager, 'batch', ['b', 'c', 'c', 'd'])).toEqual(
      new Set(['c', 'd']),
    );
    expect(await claimEvents(dataSource.manager, 'batch', [])).toEqual(new Set());
  });

  it('refuses empty ids', async () => {
    await expect(claimEvents(dataSource.manager, 'batch', [''])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('processedEventIds', () => {
  it("answers which of a batch's ids the consumer has processed, and only for that consumer", async () => {
    await claimEvents(dataSource.manager, 'reader', ['r1', 'r2']);
    await claimEvents(dataSource.manager, 'other-reader', ['r3']);
    expect(await processedEventIds(dataSource, 'reader', ['r1', 'r3', 'r4', 'r1'])).toEqual(
      new Set(['r1']),
    );
    expect(await processedEventIds(dataSource, 'reader', [])).toEqual(new Set());
  });
});
