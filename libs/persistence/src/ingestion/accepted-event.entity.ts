import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Idempotency ledger of ingestion: one row per accepted event id. A replay with the same id
 * returns the original outcome; the same id with a different `bodyHash` is a conflict.
 * `partition`/`kafkaOffset` are filled once the broker acknowledged the event. While `status` is
 * `pending`, `acceptedAt` holds the time the id was claimed (to detect abandoned claims).
 */
@Entity({ name: 'accepted_event' })
@Check('CHK_accepted_event_status', `"status" IN ('pending', 'accepted')`)
@Index('IDX_accepted_event_customer_accepted_at', ['customerId', 'acceptedAt'])
export class AcceptedEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'type', type: 'text' })
  type!: string;

  @Column({ name: 'body_hash', type: 'text' })
  bodyHash!: string;

  /** `pending` while the event is being published, `accepted` once Kafka acknowledged it. */
  @Column({ name: 'status', type: 'text', default: 'accepted' })
  status!: 'pending' | 'accepted';

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', default: () => 'now()' })
  acceptedAt!: Date;

  @Column({ name: 'topic', type: 'text' })
  topic!: string;

  @Column({ name: 'partition', type: 'int', nullable: true })
  partition!: number | null;

  /** Kafka offsets are int64; kept as text so no precision is ever lost. */
  @Column({ name: 'kafka_offset', type: 'text', nullable: true })
  kafkaOffset!: string | null;
}
