import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** nba's own copy of the alerts still open for a customer, folded from attrition.alert events. */
@Entity({ name: 'open_alert' })
@Index('IDX_open_alert_customer_raised', ['customerId', 'raisedAt'])
export class OpenAlertEntity {
  @PrimaryColumn({ name: 'alert_id', type: 'text' })
  alertId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'trigger_id', type: 'text' })
  triggerId!: string;

  @Column({ name: 'severity', type: 'text' })
  severity!: string;

  @Column({ name: 'suggested_strategy', type: 'text' })
  suggestedStrategy!: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'deadline', type: 'timestamptz', nullable: true })
  deadline!: Date | null;
}
