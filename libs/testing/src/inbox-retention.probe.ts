import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Checks a service's inbox prune end to end: seeds, under a consumer of its own, one inbox row
 * 9 days old ("expired", past the default 8-day INBOX_RETENTION_DAYS) and one 7 days old
 * ("kept"); `remaining()` then lists which of the two are still there.
 */
export async function seedInboxRetentionProbe(
  dataSource: DataSource,
): Promise<{ remaining: () => Promise<string[]> }> {
  const consumer = `inbox-retention-probe-${randomUUID()}`;
  await dataSource.query(
    `INSERT INTO processed_event (consumer, event_id, processed_at)
     VALUES ($1, 'expired', now() - interval '9 days'), ($1, 'kept', now() - interval '7 days')`,
    [consumer],
  );
  return {
    remaining: async () =>
      (
        (await dataSource.query(
          `SELECT event_id FROM processed_event WHERE consumer = $1 ORDER BY event_id`,
          [consumer],
        )) as Array<{ event_id: string }>
      ).map((row) => row.event_id),
  };
}
