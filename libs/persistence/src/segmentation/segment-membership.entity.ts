import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Current membership: a row exists while the customer is in the segment. */
@Entity({ name: 'segment_membership' })
@Index('IDX_segment_membership_segment_customer', ['segmentId', 'customerId'])
export class SegmentMembershipEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @PrimaryColumn({ name: 'segment_id', type: 'text' })
  segmentId!: string;

  @Column({ name: 'definition_version', type: 'int' })
  definitionVersion!: number;

  @Column({ name: 'entered_at', type: 'timestamptz' })
  enteredAt!: Date;

  /** The values that decided the entry (as published in segment.membership.changed). */
  @Column({ name: 'reason', type: 'jsonb' })
  reason!: Record<string, unknown>;
}
