import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A lifecycle trigger. `condition` and `severityRule` are data owned by the lifecycle domain lib. */
@Entity({ name: 'trigger_definition' })
export class TriggerDefinitionEntity {
  @PrimaryColumn({ name: 'id', type: 'text' })
  id!: string;

  /** acquisition | activation | service | anti-attrition */
  @Column({ name: 'programme', type: 'text' })
  programme!: string;

  @Column({ name: 'description', type: 'text' })
  description!: string;

  @Column({ name: 'condition', type: 'jsonb' })
  condition!: Record<string, unknown>;

  @Column({ name: 'cooldown_seconds', type: 'int' })
  cooldownSeconds!: number;

  @Column({ name: 'severity_rule', type: 'jsonb' })
  severityRule!: Record<string, unknown>;

  @Column({ name: 'deadline_hours', type: 'int', nullable: true })
  deadlineHours!: number | null;

  @Column({ name: 'suggested_strategy', type: 'text' })
  suggestedStrategy!: string;

  @Column({ name: 'enabled', type: 'boolean', default: true })
  enabled!: boolean;
}
