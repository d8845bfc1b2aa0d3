import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumberTransformer } from '../bigint-number.transformer';

/**
 * Durable snapshot of one customer's segmentation state (Redis holds the hot copy): the same hash
 * the hot store keeps. `seq` is the hot store's write sequence: a snapshot is only replaced by a
 * later one, so replays and zombie writers are harmless.
 */
@Entity({ name: 'segment_customer_state' })
@Index('IDX_segment_customer_state_next_due', ['nextDueAt'], { where: `"next_due_at" IS NOT NULL` })
export class SegmentCustomerStateEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  /** Field → value, shape owned by the segmentation domain lib's state hash codec. */
  @Column({ name: 'state', type: 'jsonb' })
  state!: Record<string, string>;

  @Column({ name: 'seq', type: 'bigint', transformer: bigintNumberTransformer })
  seq!: number;

  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt!: Date | null;

  @Column({ name: 'merged_into', type: 'text', nullable: true })
  mergedInto!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
