import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer file (one versioned JSON profile per customer), its audit trail, and the outbox
 * that carries customer-merged and customer-profile-changed events to Kafka after commit.
 */
export class IngestionCustomerFile1732550000210 implements MigrationInterface {
  name = 'IngestionCustomerFile1732550000210';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE customer_profile (
        customer_id text        NOT NULL,
        version     integer     NOT NULL,
        profile     jsonb       NOT NULL,
        updated_at  timestamptz NOT NULL,
        updated_by  text        NOT NULL,
        CONSTRAINT "PK_customer_profile" PRIMARY KEY (customer_id),
        CONSTRAINT "CHK_customer_profile_version" CHECK (version > 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE customer_profile_audit (
        id          bigserial   NOT NULL,
        customer_id text        NOT NULL,
        version     integer     NOT NULL,
        actor       text        NOT NULL,
        changes     jsonb       NOT NULL,
        changed_at  timestamptz NOT NULL,
        CONSTRAINT "PK_customer_profile_audit" PRIMARY KEY (id),
        CONSTRAINT "UQ_customer_profile_audit_version" UNIQUE (customer_id, version)
      )`);
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
    await queryRunner.query(`DROP TABLE customer_profile_audit`);
    await queryRunner.query(`DROP TABLE customer_profile`);
  }
}
