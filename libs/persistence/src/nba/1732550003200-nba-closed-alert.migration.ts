import type { MigrationInterface, QueryRunner } from 'typeorm';

// Alerts that reached a final status (resolved or expired), from alert.status.changed: they no
// longer drive the next-best-action. Kept (not just deleted from open_alert) because the status
// topic and the raised topic are consumed independently: a close may arrive before its raise.
export class NbaClosedAlert1732550003200 implements MigrationInterface {
  name = 'NbaClosedAlert1732550003200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE closed_alert (
        alert_id    text        NOT NULL,
        customer_id text        NOT NULL,
        status      text        NOT NULL,
        closed_at   timestamptz NOT NULL,
        CONSTRAINT "PK_closed_alert" PRIMARY KEY (alert_id),
        CONSTRAINT "CHK_closed_alert_status" CHECK (status IN ('resolved', 'expired'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE closed_alert`);
  }
}
