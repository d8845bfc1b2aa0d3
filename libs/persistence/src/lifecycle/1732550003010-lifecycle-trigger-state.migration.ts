import type { MigrationInterface, QueryRunner } from 'typeorm';

// State of the extended trigger language: absence timers, event-count hits, the value profile.
export class LifecycleTriggerState1732550003010 implements MigrationInterface {
  name = 'LifecycleTriggerState1732550003010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE absence_timer (
        timer_id            text        NOT NULL,
        customer_id         text        NOT NULL,
        trigger_id          text        NOT NULL,
        correlation_key     text        NOT NULL,
        armed_by_event_id   text        NOT NULL,
        armed_by_event_type text        NOT NULL,
        correlation_id      text        NOT NULL,
        armed_at            timestamptz NOT NULL,
        due_at              timestamptz NOT NULL,
        status              text        NOT NULL DEFAULT 'armed',
        settled_at          timestamptz,
        settled_by          text,
        CONSTRAINT "PK_absence_timer" PRIMARY KEY (timer_id),
        CONSTRAINT "CHK_absence_timer_status"
          CHECK (status IN ('armed', 'cancelled', 'fired', 'suppressed', 'dropped'))
      )`);
    // The poller scans armed timers by due time only; settled rows stay out of the index.
    await queryRunner.query(
      `CREATE INDEX "IDX_absence_timer_due" ON absence_timer (due_at) WHERE status = 'armed'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_absence_timer_customer_trigger" ON absence_timer (customer_id, trigger_id, correlation_key)`,
    );

    await queryRunner.query(`
      CREATE TABLE trigger_event_hit (
        customer_id text        NOT NULL,
        trigger_id  text        NOT NULL,
        event_id    text        NOT NULL,
        occurred_at timestamptz NOT NULL,
        CONSTRAINT "PK_trigger_event_hit" PRIMARY KEY (customer_id, trigger_id, event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_trigger_event_hit_window" ON trigger_event_hit (customer_id, trigger_id, occurred_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE customer_value_profile (
        customer_id             text        NOT NULL,
        value_tier              text        NOT NULL DEFAULT 'unknown',
        value_tier_changed_at   timestamptz,
        satisfaction            text        NOT NULL DEFAULT 'unknown',
        satisfaction_changed_at timestamptz,
        CONSTRAINT "PK_customer_value_profile" PRIMARY KEY (customer_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE profile_segment (
        segment_id text NOT NULL,
        dimension  text NOT NULL,
        value      text NOT NULL,
        CONSTRAINT "PK_profile_segment" PRIMARY KEY (segment_id),
        CONSTRAINT "CHK_profile_segment_dimension" CHECK (dimension IN ('value-tier', 'satisfaction'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE profile_segment`);
    await queryRunner.query(`DROP TABLE customer_value_profile`);
    await queryRunner.query(`DROP TABLE trigger_event_hit`);
    await queryRunner.query(`DROP TABLE absence_timer`);
  }
}
