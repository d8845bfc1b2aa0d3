import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AlertStatus = 'open' | 'acknowledged' | 'actioned' | 'resolved' | 'expired';

/** An attrition alert and its workflow state. */
@Entity({ name: 'alert' })
@Check(
  'CHK_alert_status',
  `"status" IN ('open', 'acknowledged', 'actioned', 'resolved', 'expired')`,
)
@Index('IDX_alert_customer_trigger_raised', ['customerId', 'triggerId', 'raisedAt'])
@Index('IDX_alert_open_deadline', ['deadline'], { where: `"status" = 'open'` })
@Check('CHK_alert_outcome', `"outcome" IS NULL OR "outcome" IN ('saved', 'lost', 'no-action')`)
@Index('IDX_alert_pending_deadline', ['deadline'], {
  where: `"status" IN ('open', 'acknowledged')`,
})
@Index('IDX_alert_raised', ['raisedAt', 'alertId'])
@Index('IDX_alert_review_unset', ['raisedAt'], { where: `"review_due_at" IS NULL` })
export class AlertEntity {
  /** Deterministic (customer, trigger, causing event), so a redelivery cannot raise it twice. */
  @PrimaryColumn({ name: 'alert_id', type: 'text' })
  alertId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'trigger_id', type: 'text' })
  triggerId!: string;

  /** critical | high | medium | low (the contract's severity). */
  @Column({ name: 'severity', type: 'text' })
  severity!: string;

  @Column({ name: 'status', type: 'text', default: 'open' })
  status!: AlertStatus;

  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  @Column({ name: 'evidence', type: 'jsonb' })
  evidence!: Record<string, unknown>;

  @Column({ name: 'suggested_strategy', type: 'text' })
  suggestedStrategy!: string;

  /** vip | key | ordinary | small | unknown (the contract's value tier). */
  @Column({ name: 'value_tier', type: 'text' })
  valueTier!: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'deadline', type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @Column({ name: 'caused_by_event_id', type: 'text' })
  causedByEventId!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  // Alert workflow (1732550004000): the ETag version, the review due time, the milestones.
  @Column({ name: 'version', type: 'int', default: 1 })
  version!: number;

  /** raised_at + the domain's review window; null until stamped (see the expiry sweep). */
  @Column({ name: 'review_due_at', type: 'timestamptz', nullable: true })
  reviewDueAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'actioned_at', type: 'timestamptz', nullable: true })
  actionedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;

  /** saved | lost | no-action, once resolved. */
  @Column({ name: 'outcome', type: 'text', nullable: true })
  outcome!: string | null;
}
