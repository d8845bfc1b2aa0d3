import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Alerts nba learnt are resolved or expired: excluded from decisions even if raised later. */
@Entity({ name: 'closed_alert' })
@Check('CHK_closed_alert_status', `"status" IN ('resolved', 'expired')`)
@Index('IDX_closed_alert_closed_at', ['closedAt'])
export class ClosedAlertEntity {
  @PrimaryColumn({ name: 'alert_id', type: 'text' })
  alertId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'status', type: 'text' })
  status!: string;

  @Column({ name: 'closed_at', type: 'timestamptz' })
  closedAt!: Date;
}
