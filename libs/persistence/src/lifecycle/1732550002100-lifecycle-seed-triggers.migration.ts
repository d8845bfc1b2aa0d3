import type { MigrationInterface, QueryRunner } from 'typeorm';

// Data, not code: condition and severity rule are interpreted by the lifecycle domain lib.
const CONDITION = { kind: 'segment-entered', segmentId: 'repeated-complainers' };
// Provisional shape until the lifecycle domain lib fixes its own; valuable customers go first.
const SEVERITY_RULE = {
  kind: 'by-value-tier',
  byTier: { vip: 'critical', key: 'critical', ordinary: 'high', small: 'medium', unknown: 'high' },
};
const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;

export class LifecycleSeedTriggers1732550002100 implements MigrationInterface {
  name = 'LifecycleSeedTriggers1732550002100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO trigger_definition
         (id, programme, description, condition, cooldown_seconds, severity_rule, deadline_hours,
          suggested_strategy, enabled)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, true)
       ON CONFLICT (id) DO NOTHING`,
      [
        'repeated-complaints',
        'anti-attrition',
        'Customer entered the repeated-complainers segment: high attrition risk',
        JSON.stringify(CONDITION),
        SEVEN_DAYS_SECONDS,
        JSON.stringify(SEVERITY_RULE),
        48,
        'call within 48 hours: serve before selling, resolve open complaints',
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM trigger_definition WHERE id = $1`, [
      'repeated-complaints',
    ]);
  }
}
