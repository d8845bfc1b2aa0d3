import type { MigrationInterface, QueryRunner } from 'typeorm';

// Unqualified names: the connection's search_path is the service's own schema.
export class SegmentationInitial1732550001000 implements MigrationInterface {
  name = 'SegmentationInitial1732550001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE processed_event (
        consumer     text        NOT NULL,
        event_id     text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_processed_event" PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_processed_event_processed_at" ON processed_event (processed_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE customer_state (
        customer_id   text        NOT NULL,
        state         jsonb       NOT NULL,
        last_event_at timestamptz NOT NULL,
        version       bigint      NOT NULL DEFAULT 0,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_customer_state" PRIMARY KEY (customer_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE segment_definition (
        id           text        NOT NULL,
        version      integer     NOT NULL,
        status       text        NOT NULL,
        name         text        NOT NULL,
        description  text        NOT NULL,
        owner        text        NOT NULL,
        strategy     text        NOT NULL,
        rule         jsonb       NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        retired_at   timestamptz,
        CONSTRAINT "PK_segment_definition" PRIMARY KEY (id, version),
        CONSTRAINT "CHK_segment_definition_status" CHECK (status IN ('draft', 'active', 'retired')),
        CONSTRAINT "CHK_segment_definition_version" CHECK (version > 0)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_segment_definition_one_active" ON segment_definition (id) WHERE status = 'active'`,
    );

    await queryRunner.query(`
      CREATE TABLE segment_membership (
        customer_id        text        NOT NULL,
        segment_id         text        NOT NULL,
        definition_version integer     NOT NULL,
        entered_at         timestamptz NOT NULL,
        reason             jsonb       NOT NULL,
        CONSTRAINT "PK_segment_membership" PRIMARY KEY (customer_id, segment_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_segment_membership_segment" ON segment_membership (segment_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE segment_membership_history (
        id                  bigserial   NOT NULL,
        customer_id         text        NOT NULL,
        segment_id          text        NOT NULL,
        definition_version  integer     NOT NULL,
        change              text        NOT NULL,
        changed_at          timestamptz NOT NULL,
        triggering_event_id text        NOT NULL,
        event_id            text        NOT NULL,
        reason              jsonb       NOT NULL,
        CONSTRAINT "PK_segment_membership_history" PRIMARY KEY (id),
        CONSTRAINT "UQ_segment_membership_history_event_id" UNIQUE (event_id),
        CONSTRAINT "CHK_segment_membership_history_change" CHECK (change IN ('entered', 'exited'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_segment_membership_history_customer_segment"
         ON segment_membership_history (customer_id, segment_id, changed_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE segment_membership_history`);
    await queryRunner.query(`DROP TABLE segment_membership`);
    await queryRunner.query(`DROP TABLE segment_definition`);
    await queryRunner.query(`DROP TABLE customer_state`);
    await queryRunner.query(`DROP TABLE processed_event`);
  }
}
