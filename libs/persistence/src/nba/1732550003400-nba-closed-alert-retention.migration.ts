import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Closed-alert markers expire like the inbox: an index on the close time for the pruning. */
export class NbaClosedAlertRetention1732550003400 implements MigrationInterface {
  name = 'NbaClosedAlertRetention1732550003400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_closed_alert_closed_at" ON closed_alert (closed_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_closed_alert_closed_at"`);
  }
}
