import type { MigrationInterface, QueryRunner } from 'typeorm';

// Current lifecycle stage per customer (version-checked writes) and every move between stages.
// No CHECK on stage names: the stage catalog is data in the lifecycle domain lib.
export class LifecycleCustomerStage1732550004100 implements MigrationInterface {
  name = 'LifecycleCustomerStage1732550004100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE customer_lifecycle_stage (
        customer_id         text        NOT NULL,
        stage               text        NOT NULL,
        version             integer     NOT NULL,
        since               timestamptz NOT NULL,
        membership_event_id text        NOT NULL,
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_customer_lifecycle_stage" PRIMARY KEY (customer_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE lifecycle_stage_transition (
        customer_id         text        NOT NULL,
        version             integer     NOT NULL,
        from_stage          text,
        to_stage            text        NOT NULL,
        at                  timestamptz NOT NULL,
        membership_event_id text        NOT NULL,
        segment_id          text        NOT NULL,
        reason              jsonb       NOT NULL,
        event_id            text        NOT NULL,
        CONSTRAINT "PK_lifecycle_stage_transition" PRIMARY KEY (customer_id, version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE lifecycle_stage_transition`);
    await queryRunner.query(`DROP TABLE customer_lifecycle_stage`);
  }
}
