import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A contact event that counts towards an `event-count` trigger of its customer. Written with the
 * inbox row; hits older than the trigger's window are pruned as new ones arrive.
 */
@Entity({ name: 'trigger_event_hit' })
@Index('IDX_trigger_event_hit_window', ['customerId', 'triggerId', 'occurredAt'])
export class TriggerEventHitEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @PrimaryColumn({ name: 'trigger_id', type: 'text' })
  triggerId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
