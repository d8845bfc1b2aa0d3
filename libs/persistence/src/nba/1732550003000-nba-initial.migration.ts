import type { MigrationInterface, QueryRunner } from 'typeorm';

// Unqualified names: the connection's search_path is the service's own schema.
export class NbaInitial1732550003000 implements MigrationInterface {
  name = 'NbaInitial1732550003000';

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
      CREATE TABLE open_alert (
        alert_id           text        NOT NULL,
        customer_id        text        NOT NULL,
        trigger_id         text        NOT NULL,
        severity           text        NOT NULL,
        suggested_strategy text        NOT NULL,
        raised_at          timestamptz NOT NULL,
        deadline           timestamptz,
        CONSTRAINT "PK_open_alert" PRIMARY KEY (alert_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_open_alert_customer_raised" ON open_alert (customer_id, raised_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE action_catalog (
        action_id           text    NOT NULL,
        name                text    NOT NULL,
        kind                text    NOT NULL,
        channel             text    NOT NULL,
        script              text    NOT NULL,
        applies_to_triggers text[]  NOT NULL DEFAULT '{}',
        priority            integer NOT NULL,
        enabled             boolean NOT NULL DEFAULT true,
        CONSTRAINT "PK_action_catalog" PRIMARY KEY (action_id),
        CONSTRAINT "CHK_action_catalog_kind" CHECK (kind IN ('retention', 'upsell', 'service', 'nurture'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE action_catalog`);
    await queryRunner.query(`DROP TABLE open_alert`);
    await queryRunner.query(`DROP TABLE processed_event`);
  }
}
