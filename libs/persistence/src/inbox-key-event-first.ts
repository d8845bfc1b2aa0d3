import type { QueryRunner } from 'typeorm';

/**
 * The inbox is read by event ids, `consumer = $1 AND event_id = ANY($2)` for a whole batch. With
 * the key led by the consumer, a planner working from stale statistics (a young table growing by
 * thousands of rows a second) scanned every row of the consumer and filtered the ids: 27 ms per
 * batch lookup at 500,000 rows in the segmentation benchmark, its costliest statement. Led by the
 * event id, any plan probes the key once per id. Each service's migration applies it to its own
 * inbox.
 */
export async function keyInboxByEventFirst(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `ALTER TABLE processed_event DROP CONSTRAINT "PK_processed_event",
       ADD CONSTRAINT "PK_processed_event" PRIMARY KEY (event_id, consumer)`,
  );
}

export async function keyInboxByConsumerFirst(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `ALTER TABLE processed_event DROP CONSTRAINT "PK_processed_event",
       ADD CONSTRAINT "PK_processed_event" PRIMARY KEY (consumer, event_id)`,
  );
}
