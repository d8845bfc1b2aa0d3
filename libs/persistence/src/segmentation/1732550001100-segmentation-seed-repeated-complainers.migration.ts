import type { MigrationInterface, QueryRunner } from 'typeorm';

// The walking skeleton's one active rule. The rule is data: its JSON shape is owned by the
// segmentation domain lib, which validates it when loading definitions.
const RULE = {
  kind: 'gte',
  left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
  right: 2,
};

export class SegmentationSeedRepeatedComplainers1732550001100 implements MigrationInterface {
  name = 'SegmentationSeedRepeatedComplainers1732550001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO segment_definition
         (id, version, status, name, description, owner, strategy, rule, activated_at)
       VALUES ($1, 1, 'active', $2, $3, $4, $5, $6::jsonb, now())
       ON CONFLICT (id, version) DO NOTHING`,
      [
        'repeated-complainers',
        'Repeated complainers',
        '2 or more complaints filed in the last 30 days',
        'retention-team',
        'win back actively, prevent churn',
        JSON.stringify(RULE),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM segment_definition WHERE id = $1 AND version = 1`, [
      'repeated-complainers',
    ]);
  }
}
