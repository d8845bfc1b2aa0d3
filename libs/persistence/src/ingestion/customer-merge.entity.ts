import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Log of merges: a customer is merged at most once (it no longer exists afterwards). */
@Entity({ name: 'customer_merge' })
@Unique('UQ_customer_merge_loser', ['loserId'])
@Index('IDX_customer_merge_survivor', ['survivorId'])
export class CustomerMergeEntity {
  /** bigserial; pg returns int8 as a string. */
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Column({ name: 'loser_id', type: 'text' })
  loserId!: string;

  @Column({ name: 'survivor_id', type: 'text' })
  survivorId!: string;

  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  @Column({ name: 'identifiers_moved', type: 'jsonb' })
  identifiersMoved!: { kind: string; value: string }[];

  /** The customer-merged event that announced it. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'merged_at', type: 'timestamptz' })
  mergedAt!: Date;
}
