import type { MigrationInterface, QueryRunner } from 'typeorm';

// Churn risk (issue #5 item 3): trained model versions (at most one active), each customer's
// recent contact-event history (pruned to a retention window) and their latest score.
export class LifecycleChurnRisk1732550005000 implements MigrationInterface {
  name = 'LifecycleChurnRisk1732550005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE churn_model (
        version      text        NOT NULL,
        trained_at   timestamptz NOT NULL,
        metrics      jsonb       NOT NULL,
        artefact     jsonb       NOT NULL,
        band_cuts    jsonb       NOT NULL,
        active       boolean     NOT NULL DEFAULT false,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_churn_model" PRIMARY KEY (version)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_churn_model_active" ON churn_model (active) WHERE active`,
    );
    await queryRunner.query(`
      CREATE TABLE churn_event_history (
        customer_id  text        NOT NULL,
        event_id     text        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        event        jsonb       NOT NULL,
        CONSTRAINT "PK_churn_event_history" PRIMARY KEY (customer_id, event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_churn_event_history_customer_occurred_at" ON churn_event_history (customer_id, occurred_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE churn_score (
        customer_id     text             NOT NULL,
        probability     double precision NOT NULL,
        band            text             NOT NULL,
        model_version   text             NOT NULL,
        reasons         jsonb            NOT NULL,
        as_of           timestamptz      NOT NULL,
        event_id        text             NOT NULL,
        updated_at      timestamptz      NOT NULL DEFAULT now(),
        CONSTRAINT "PK_churn_score" PRIMARY KEY (customer_id),
        CONSTRAINT "CHK_churn_score_band" CHECK (band IN ('low', 'elevated', 'high'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE churn_score`);
    await queryRunner.query(`DROP TABLE churn_event_history`);
    await queryRunner.query(`DROP TABLE churn_model`);
  }
}
