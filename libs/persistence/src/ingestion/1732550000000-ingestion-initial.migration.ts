import type { MigrationInterface, QueryRunner } from 'typeorm';

// Unqualified names: the connection's search_path is the service's own schema.
export class IngestionInitial1732550000000 implements MigrationInterface {
  name = 'IngestionInitial1732550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE accepted_event (
        event_id     text        NOT NULL,
        customer_id  text        NOT NULL,
        type         text        NOT NULL,
        body_hash    text        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        accepted_at  timestamptz NOT NULL DEFAULT now(),
        topic        text        NOT NULL,
        partition    integer,
        kafka_offset text,
        CONSTRAINT "PK_accepted_event" PRIMARY KEY (event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_accepted_event_customer_accepted_at" ON accepted_event (customer_id, accepted_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE accepted_event`);
  }
}
