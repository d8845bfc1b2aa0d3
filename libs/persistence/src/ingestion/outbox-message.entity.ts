import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Events written in the same transaction as the state change they announce; a relay publishes
 * them to Kafka after commit and deletes them once acknowledged (at least once, in id order).
 */
@Entity({ name: 'outbox_message' })
export class OutboxMessageEntity {
  /** bigserial; pg returns int8 as a string. */
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  /** Base topic name (TOPICS); the relay adds the environment's prefix. */
  @Column({ name: 'topic', type: 'text' })
  topic!: string;

  @Column({ name: 'message_key', type: 'text' })
  messageKey!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'value', type: 'jsonb' })
  value!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
