import type { MigrationInterface, QueryRunner } from 'typeorm';

// The built-in trigger of the fifth "100%": contact every customer of an agent who left. Frozen
// here (not imported from the domain catalog); an editable row like the others, and ON CONFLICT
// DO NOTHING keeps a row someone already made.
const TRIGGER = {
  id: 'service-agent-left',
  programme: 'service',
  description: 'The customer’s assigned agent left: contact the customer',
  condition: { kind: 'agent-departed' },
  cooldownSeconds: 0,
  severityRule: { kind: 'value-satisfaction-quadrant', whenUnknown: 'high' },
  deadlineHours: 168,
  suggestedStrategy:
    'call now: introduce the successor, confirm needs and channel, reassure on continuity',
};

export class LifecycleSeedAgentLeftTrigger1732550006010 implements MigrationInterface {
  name = 'LifecycleSeedAgentLeftTrigger1732550006010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO trigger_definition
         (id, programme, description, condition, cooldown_seconds, severity_rule, deadline_hours,
          suggested_strategy, enabled)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, true)
       ON CONFLICT (id) DO NOTHING`,
      [
        TRIGGER.id,
        TRIGGER.programme,
        TRIGGER.description,
        JSON.stringify(TRIGGER.condition),
        TRIGGER.cooldownSeconds,
        JSON.stringify(TRIGGER.severityRule),
        TRIGGER.deadlineHours,
        TRIGGER.suggestedStrategy,
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM trigger_definition WHERE id = $1`, [TRIGGER.id]);
  }
}
