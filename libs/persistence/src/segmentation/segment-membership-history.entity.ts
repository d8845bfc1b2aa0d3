import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type MembershipChange = 'entered' | 'exited';

/**
 * Append-only log of membership transitions. `eventId` is the deterministic id of the published
 * segment.membership.changed event, so a repeated transition cannot be recorded twice.
 */
@Entity({ name: 'segment_membership_history' })
@Check('CHK_segment_membership_history_change', `"change" IN ('entered', 'exited')`)
@Unique('UQ_segment_membership_history_event_id', ['eventId'])
@Index('IDX_segment_membership_history_customer_segment', ['customerId', 'segmentId', 'changedAt'])
export class SegmentMembershipHistoryEntity {
  /** bigserial; pg returns int8 as a string. */
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'segment_id', type: 'text' })
  segmentId!: string;

  @Column({ name: 'definition_version', type: 'int' })
  definitionVersion!: number;

  @Column({ name: 'change', type: 'text' })
  change!: MembershipChange;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  /** The contact event or timer tick that flipped the membership. */
  @Column({ name: 'triggering_event_id', type: 'text' })
  triggeringEventId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'reason', type: 'jsonb' })
  reason!: Record<string, unknown>;
}
