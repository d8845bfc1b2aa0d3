import type { MigrationInterface, QueryRunner } from 'typeorm';

// Lifecycle's transactional outbox (issue #5): alert.status.changed rows written in the same
// transaction as the alert's status change, relayed to Kafka after commit and then deleted.
// Same shape as ingestion's outbox_message, so the same entity maps both schemas.
export class LifecycleOutbox1732550005500 implements MigrationInterface {
  name = 'LifecycleOutbox1732550005500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_message (
        id          bigserial   NOT NULL,
        topic       text        NOT NULL,
        message_key text        NOT NULL,
        event_id    text        NOT NULL,
        event_type  text        NOT NULL,
        value       jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_outbox_message" PRIMARY KEY (id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox_message`);
  }
}
