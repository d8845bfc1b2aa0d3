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
}
