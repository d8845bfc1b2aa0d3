import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segments managed at runtime (issue #4, items 3 and 6): a stable small code per segment id for
 * the membership bitmaps, definition versions in the condition language with their authors, the
 * background re-evaluation jobs, population quantile tables and sampled segment sizes.
 */
export class SegmentationDefinitionsVersionTwo1732550001300 implements MigrationInterface {
  name = 'SegmentationDefinitionsVersionTwo1732550001300';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per segment id ever created: codes are bitmap keys, so they are never reused, and
    // the row is what activations of the same segment lock against each other.
    await queryRunner.query(`
      CREATE TABLE segment (
        id         text        NOT NULL,
        code       serial      NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_segment" PRIMARY KEY (id),
        CONSTRAINT "UQ_segment_code" UNIQUE (code)
      )`);
    await queryRunner.query(
      `INSERT INTO segment (id) SELECT DISTINCT id FROM segment_definition ORDER BY id`,
    );

    // The column keeps the stored JSON as is: legacy rules are translated when read.
    await queryRunner.query(`ALTER TABLE segment_definition RENAME COLUMN rule TO condition`);
    await queryRunner.query(`
      ALTER TABLE segment_definition
        ADD COLUMN pack       text,
        ADD COLUMN created_by text        NOT NULL DEFAULT 'system',
        ADD COLUMN changed_by text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(
      `ALTER TABLE segment_definition DROP CONSTRAINT "CHK_segment_definition_status"`,
    );
    await queryRunner.query(`
      ALTER TABLE segment_definition ADD CONSTRAINT "CHK_segment_definition_status"
        CHECK (status IN ('draft', 'active', 'superseded', 'retired'))`);
    await queryRunner.query(`
      ALTER TABLE segment_definition ADD CONSTRAINT "FK_segment_definition_segment"
        FOREIGN KEY (id) REFERENCES segment (id)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_segment_definition_pack" ON segment_definition (pack) WHERE pack IS NOT NULL`,
    );

    // Members are paged by customer id within a segment (keyset), so the index carries both.
    await queryRunner.query(`DROP INDEX "IDX_segment_membership_segment"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_segment_membership_segment_customer" ON segment_membership (segment_id, customer_id)`,
    );

    // `scope` is what a job re-evaluates for (a segment id, `pack:<name>`, `quantiles`): at most
    // one open job per scope, so two activations cannot run two conflicting jobs.
    await queryRunner.query(`
      CREATE TABLE backfill_job (
        id          uuid        NOT NULL DEFAULT gen_random_uuid(),
        scope       text        NOT NULL,
        segment_id  text,
        version     integer,
        kind        text        NOT NULL,
        status      text        NOT NULL DEFAULT 'queued',
        total       integer,
        processed   integer     NOT NULL DEFAULT 0,
        changes     integer     NOT NULL DEFAULT 0,
        cursor      text,
        attempts    integer     NOT NULL DEFAULT 0,
        lease_until timestamptz,
        created_by  text        NOT NULL DEFAULT 'system',
        created_at  timestamptz NOT NULL DEFAULT now(),
        started_at  timestamptz,
        finished_at timestamptz,
        error       text,
        CONSTRAINT "PK_backfill_job" PRIMARY KEY (id),
        CONSTRAINT "FK_backfill_job_segment" FOREIGN KEY (segment_id) REFERENCES segment (id),
        CONSTRAINT "CHK_backfill_job_kind" CHECK (kind IN ('activate', 'edit', 'retire', 'quantiles')),
        CONSTRAINT "CHK_backfill_job_status"
          CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled'))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_backfill_job_one_open_per_scope" ON backfill_job (scope)
         WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_backfill_job_open" ON backfill_job (created_at)
         WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_backfill_job_segment" ON backfill_job (segment_id, created_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE quantile_table (
        name        text        NOT NULL,
        cuts        jsonb       NOT NULL,
        population  integer     NOT NULL,
        computed_at timestamptz NOT NULL,
        CONSTRAINT "PK_quantile_table" PRIMARY KEY (name)
      )`);

    await queryRunner.query(`
      CREATE TABLE segment_size_sample (
        segment_id text        NOT NULL,
        sampled_at timestamptz NOT NULL,
        size       integer     NOT NULL,
        CONSTRAINT "PK_segment_size_sample" PRIMARY KEY (segment_id, sampled_at)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE segment_size_sample`);
    await queryRunner.query(`DROP TABLE quantile_table`);
    await queryRunner.query(`DROP TABLE backfill_job`);
    await queryRunner.query(`DROP INDEX "IDX_segment_membership_segment_customer"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_segment_membership_segment" ON segment_membership (segment_id)`,
    );
    await queryRunner.query(`DROP INDEX "IDX_segment_definition_pack"`);
    await queryRunner.query(
      `ALTER TABLE segment_definition DROP CONSTRAINT "FK_segment_definition_segment"`,
    );
    // Superseded versions were active once; the first schema only knew retired for that.
    await queryRunner.query(
      `UPDATE segment_definition SET status = 'retired' WHERE status = 'superseded'`,
    );
    await queryRunner.query(
      `ALTER TABLE segment_definition DROP CONSTRAINT "CHK_segment_definition_status"`,
    );
    await queryRunner.query(`
      ALTER TABLE segment_definition ADD CONSTRAINT "CHK_segment_definition_status"
        CHECK (status IN ('draft', 'active', 'retired'))`);
    await queryRunner.query(`
      ALTER TABLE segment_definition
        DROP COLUMN updated_at, DROP COLUMN changed_by, DROP COLUMN created_by, DROP COLUMN pack`);
    await queryRunner.query(`ALTER TABLE segment_definition RENAME COLUMN condition TO rule`);
    await queryRunner.query(`DROP TABLE segment`);
  }
}
