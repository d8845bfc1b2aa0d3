import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ingestion claims an event id (status `pending`) before publishing and confirms it (`accepted`)
 * after Kafka's ack, so concurrent duplicates publish at most once. Existing rows were all
 * written after an ack, hence the `accepted` default.
 */
export class IngestionLedgerStatus1732550000100 implements MigrationInterface {
  name = 'IngestionLedgerStatus1732550000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE accepted_event
        ADD COLUMN status text NOT NULL DEFAULT 'accepted',
        ADD CONSTRAINT "CHK_accepted_event_status" CHECK (status IN ('pending', 'accepted'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM accepted_event WHERE status = 'pending'`);
    await queryRunner.query(
      `ALTER TABLE accepted_event DROP CONSTRAINT "CHK_accepted_event_status", DROP COLUMN status`,
    );
  }
}
