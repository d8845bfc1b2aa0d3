import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Inbox of a consumer: one row per (event id, consumer) already applied. Each consuming service
 * has its own copy in its own schema; see `claimEvent`.
 */
@Entity({ name: 'processed_event' })
@Index('IDX_processed_event_processed_at', ['processedAt'])
export class ProcessedEventEntity {
  // Key led by the event id: lookups probe it per id (the per-service InboxKeyEventFirst migrations).
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @PrimaryColumn({ name: 'consumer', type: 'text' })
  consumer!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
