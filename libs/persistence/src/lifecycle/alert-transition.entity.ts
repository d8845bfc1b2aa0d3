import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** One step of an alert's workflow: who moved it, when, why. Append-only. */
@Entity({ name: 'alert_transition' })
@Check(
  'CHK_alert_transition_outcome',
  `"outcome" IS NULL OR "outcome" IN ('saved', 'lost', 'no-action')`,
)
export class AlertTransitionEntity {
  @PrimaryColumn({ name: 'alert_id', type: 'text' })
  alertId!: string;

  /** The alert's version after this step: one row per version, so a step cannot apply twice. */
  @PrimaryColumn({ name: 'version', type: 'int' })
  version!: number;

  @Column({ name: 'from_status', type: 'text' })
  fromStatus!: string;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: string;

  @Column({ name: 'outcome', type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ name: 'actor', type: 'text' })
  actor!: string;

  @Column({ name: 'note', type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'at', type: 'timestamptz' })
  at!: Date;
}
