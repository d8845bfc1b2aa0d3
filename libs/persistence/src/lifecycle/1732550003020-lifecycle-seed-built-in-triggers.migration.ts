import type { MigrationInterface, QueryRunner } from 'typeorm';
// The rows live next to this migration, frozen with it (not imported from the domain lib, whose
// catalog may change later without rewriting what this migration once inserted).
import { PROFILE_SEGMENTS, TRIGGERS } from './1732550003020-lifecycle-seed-built-in-triggers.data';

export class LifecycleSeedBuiltInTriggers1732550003020 implements MigrationInterface {
  name = 'LifecycleSeedBuiltInTriggers1732550003020';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const t of TRIGGERS) {
      await queryRunner.query(
        `INSERT INTO trigger_definition
           (id, programme, description, condition, cooldown_seconds, severity_rule, deadline_hours,
            suggested_strategy, enabled)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, true)
         ON CONFLICT (id) DO NOTHING`,
        [
          t.id,
          t.programme,
          t.description,
          JSON.stringify(t.condition),
          t.cooldownSeconds,
          JSON.stringify(t.severityRule),
          t.deadlineHours,
          t.suggestedStrategy,
        ],
      );
    }
    for (const s of PROFILE_SEGMENTS) {
      await queryRunner.query(
        `INSERT INTO profile_segment (segment_id, dimension, value) VALUES ($1, $2, $3)
         ON CONFLICT (segment_id) DO NOTHING`,
        [s.segmentId, s.dimension, s.value],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM profile_segment WHERE segment_id = ANY($1::text[])`, [
      PROFILE_SEGMENTS.map((s) => s.segmentId),
    ]);
    await queryRunner.query(`DELETE FROM trigger_definition WHERE id = ANY($1::text[])`, [
      TRIGGERS.map((t) => t.id),
    ]);
  }
}
