import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumberTransformer } from '../bigint-number.transformer';

/**
 * Durable snapshot of one customer's segmentation state (Redis holds the hot copy): the same hash
 * the hot store keeps. `seq` is the hot store's write sequence: a snapshot is only replaced by a
 * later one, so replays and zombie writers are harmless. Rewritten by every event: fillfactor 80
 * and no index but the key keep those rewrites heap-only (migration 1732550001600).
 */
@Entity({ name: 'segment_customer_state' })
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
