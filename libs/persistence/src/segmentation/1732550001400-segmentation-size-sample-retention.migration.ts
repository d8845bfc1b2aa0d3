import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Size samples are pruned by age (minute detail kept for weeks, hourly samples for years): an
 * index on the sample time lets the pruning delete find them without scanning the table.
 */
export class SegmentationSizeSampleRetention1732550001400 implements MigrationInterface {
  name = 'SegmentationSizeSampleRetention1732550001400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_segment_size_sample_sampled_at" ON segment_size_sample (sampled_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_segment_size_sample_sampled_at"`);
  }
}
