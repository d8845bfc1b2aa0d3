import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Inbox of a consumer: one row per (consumer, event id) already applied. Each consuming service
 * has its own copy in its own schema; see `claimEvent`.
 */
@Entity({ name: 'processed_event' })
@Index('IDX_processed_event_processed_at', ['processedAt'])
export class ProcessedEventEntity {
  @PrimaryColumn({ name: 'consumer', type: 'text' })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
