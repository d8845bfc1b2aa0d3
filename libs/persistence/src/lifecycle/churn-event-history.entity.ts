import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Each customer's recent contact events (the validated event as JSON), pruned to the churn
 * model's retention window: what churn features are computed from online, and trained on.
 */
@Entity({ name: 'churn_event_history' })
@Index('IDX_churn_event_history_customer_occurred_at', ['customerId', 'occurredAt'])
export class ChurnEventHistoryEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'event', type: 'jsonb' })
  event!: Record<string, unknown>;
}
