import type { DataSource } from 'typeorm';

/** Polls a service's inbox (processed_event, in its own schema) until `consumer` processed `eventId`. */
export async function waitForInbox(
  dataSource: DataSource,
  consumer: string,
  eventId: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = (await dataSource.query(
      `SELECT 1 FROM processed_event WHERE consumer = $1 AND event_id = $2`,
      [consumer, eventId],
    )) as unknown[];
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`event ${eventId} was not processed by ${consumer} within ${timeoutMs} ms`);
}
