import type { MigrationInterface, QueryRunner } from 'typeorm';

// Unqualified names: the connection's search_path is the service's own schema.
export class LifecycleInitial1732550002000 implements MigrationInterface {
  name = 'LifecycleInitial1732550002000';

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
      CREATE TABLE alert (
        alert_id           text        NOT NULL,
        customer_id        text        NOT NULL,
        trigger_id         text        NOT NULL,
        severity           text        NOT NULL,
        status             text        NOT NULL DEFAULT 'open',
        reason             text        NOT NULL,
        evidence           jsonb       NOT NULL,
        suggested_strategy text        NOT NULL,
        value_tier         text        NOT NULL,
        raised_at          timestamptz NOT NULL,
        deadline           timestamptz,
        caused_by_event_id text        NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_alert" PRIMARY KEY (alert_id),
        CONSTRAINT "CHK_alert_status"
          CHECK (status IN ('open', 'acknowledged', 'actioned', 'resolved', 'expired'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_alert_customer_trigger_raised" ON alert (customer_id, trigger_id, raised_at DESC)`,
    );
    // The expiry sweep only looks at open alerts with a deadline.
    await queryRunner.query(
      `CREATE INDEX "IDX_alert_open_deadline" ON alert (deadline) WHERE status = 'open'`,
    );

    await queryRunner.query(`
      CREATE TABLE trigger_definition (
        id                 text    NOT NULL,
        programme          text    NOT NULL,
        description        text    NOT NULL,
        condition          jsonb   NOT NULL,
        cooldown_seconds   integer NOT NULL,
        severity_rule      jsonb   NOT NULL,
        deadline_hours     integer,
        suggested_strategy text    NOT NULL,
        enabled            boolean NOT NULL DEFAULT true,
        CONSTRAINT "PK_trigger_definition" PRIMARY KEY (id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE trigger_definition`);
    await queryRunner.query(`DROP TABLE alert`);
    await queryRunner.query(`DROP TABLE processed_event`);
  }
}
