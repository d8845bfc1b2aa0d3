import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Data: which segment's membership sets a customer's value tier or satisfaction. */
@Entity({ name: 'profile_segment' })
@Check('CHK_profile_segment_dimension', `"dimension" IN ('value-tier', 'satisfaction')`)
export class ProfileSegmentEntity {
  @PrimaryColumn({ name: 'segment_id', type: 'text' })
  segmentId!: string;

  /** value-tier | satisfaction */
  @Column({ name: 'dimension', type: 'text' })
  dimension!: string;

  /** vip | key | ordinary | small for value-tier; high | low for satisfaction. */
  @Column({ name: 'value', type: 'text' })
  value!: string;
}
