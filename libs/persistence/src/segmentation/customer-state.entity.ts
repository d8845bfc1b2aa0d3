import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumberTransformer } from '../bigint-number.transformer';

/**
 * Durable snapshot of one customer's aggregates (Redis holds the hot copy). `version` is the
 * last applied sequence: writes are conditional on it, so replays and zombie handlers are harmless.
 */
@Entity({ name: 'customer_state' })
export class CustomerStateEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  /** Shape owned by the segmentation domain lib. */
  @Column({ name: 'state', type: 'jsonb' })
  state!: Record<string, unknown>;

  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt!: Date;

  @Column({ name: 'version', type: 'bigint', default: 0, transformer: bigintNumberTransformer })
  version!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
