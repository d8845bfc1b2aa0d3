import type { MigrationInterface, QueryRunner } from 'typeorm';

// The satisfaction rows were seeded with placeholder ids before segmentation's value ×
// satisfaction pack existed; its segments are `value-satisfaction.<strategy>`. Only rows still
// holding a placeholder move, so an id an operator already changed is kept.
const RENAMES: ReadonlyArray<[placeholder: string, packSegment: string]> = [
  ['quadrant.high-value-high-satisfaction', 'value-satisfaction.consolidate'],
  ['quadrant.high-value-low-satisfaction', 'value-satisfaction.win-back'],
  ['quadrant.low-value-high-satisfaction', 'value-satisfaction.maintain'],
  ['quadrant.low-value-low-satisfaction', 'value-satisfaction.let-go'],
];

export class LifecycleProfileSegmentsFromPacks1732550003030 implements MigrationInterface {
  name = 'LifecycleProfileSegmentsFromPacks1732550003030';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMES) await rename(queryRunner, from, to);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMES) await rename(queryRunner, to, from);
  }
}

async function rename(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
  await queryRunner.query(
    `UPDATE profile_segment SET segment_id = $2
      WHERE segment_id = $1 AND NOT EXISTS (SELECT 1 FROM profile_segment WHERE segment_id = $2)`,
    [from, to],
  );
}
