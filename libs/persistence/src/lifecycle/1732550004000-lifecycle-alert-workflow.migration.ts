import type { MigrationInterface, QueryRunner } from 'typeorm';

// The alert workflow: a version per alert (the ETag), the milestones the management summary
// counts, the 48-hour review due time, and an append-only history of transitions.
export class LifecycleAlertWorkflow1732550004000 implements MigrationInterface {
  name = 'LifecycleAlertWorkflow1732550004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE alert
        ADD COLUMN version         integer     NOT NULL DEFAULT 1,
        ADD COLUMN review_due_at   timestamptz,
        ADD COLUMN acknowledged_at timestamptz,
        ADD COLUMN actioned_at     timestamptz,
        ADD COLUMN resolved_at     timestamptz,
        ADD COLUMN expired_at      timestamptz,
        ADD COLUMN outcome         text,
        ADD CONSTRAINT "CHK_alert_outcome"
          CHECK (outcome IS NULL OR outcome IN ('saved', 'lost', 'no-action'))`);
    // The sweep looks at alerts nobody acted on yet; the old index covered open ones only.
    await queryRunner.query(
      `CREATE INDEX "IDX_alert_pending_deadline" ON alert (deadline) WHERE status IN ('open', 'acknowledged')`,
    );
    // Newest first, paged by (raised_at, alert_id).
    await queryRunner.query(`CREATE INDEX "IDX_alert_raised" ON alert (raised_at, alert_id)`);
    // Rows written without a review time (raised before this, or by an older instance) get one.
    await queryRunner.query(
      `CREATE INDEX "IDX_alert_review_unset" ON alert (raised_at) WHERE review_due_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE alert_transition (
        alert_id    text        NOT NULL,
        version     integer     NOT NULL,
        from_status text        NOT NULL,
        to_status   text        NOT NULL,
        outcome     text,
        actor       text        NOT NULL,
        note        text,
        at          timestamptz NOT NULL,
        CONSTRAINT "PK_alert_transition" PRIMARY KEY (alert_id, version),
        CONSTRAINT "CHK_alert_transition_outcome"
          CHECK (outcome IS NULL OR outcome IN ('saved', 'lost', 'no-action'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE alert_transition`);
    await queryRunner.query(`DROP INDEX "IDX_alert_review_unset"`);
    await queryRunner.query(`DROP INDEX "IDX_alert_raised"`);
    await queryRunner.query(`DROP INDEX "IDX_alert_pending_deadline"`);
    await queryRunner.query(`
      ALTER TABLE alert
        DROP CONSTRAINT "CHK_alert_outcome",
        DROP COLUMN outcome,
        DROP COLUMN expired_at,
        DROP COLUMN resolved_at,
        DROP COLUMN actioned_at,
        DROP COLUMN acknowledged_at,
        DROP COLUMN review_due_at,
        DROP COLUMN version`);
  }
}
