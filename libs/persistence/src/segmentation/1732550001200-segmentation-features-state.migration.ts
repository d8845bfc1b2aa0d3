import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feature-based state (ADR 0007/0008) replaces the event-list snapshot: one row per customer
 * holding the same hash the hot store keeps, its write sequence, and the next instant time alone
 * can change a membership (the durable copy of the timer, reloaded when Redis is rebuilt).
 */
export class SegmentationFeaturesState1732550001200 implements MigrationInterface {
  name = 'SegmentationFeaturesState1732550001200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE segment_customer_state (
        customer_id text        NOT NULL,
        state       jsonb       NOT NULL,
        seq         bigint      NOT NULL,
        next_due_at timestamptz,
        merged_into text,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_segment_customer_state" PRIMARY KEY (customer_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_segment_customer_state_next_due" ON segment_customer_state (next_due_at)
         WHERE next_due_at IS NOT NULL`,
    );
    await queryRunner.query(`DROP TABLE customer_state`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE customer_state (
        customer_id   text        NOT NULL,
        state         jsonb       NOT NULL,
        last_event_at timestamptz NOT NULL,
        version       bigint      NOT NULL DEFAULT 0,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_customer_state" PRIMARY KEY (customer_id)
      )`);
    await queryRunner.query(`DROP TABLE segment_customer_state`);
  }
}
