import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every move of a customer between lifecycle stages, as published on `lifecycle-stages`. */
@Entity({ name: 'lifecycle_stage_transition' })
export class LifecycleStageTransitionEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  /** The customer's stage version after this move. */
  @PrimaryColumn({ name: 'version', type: 'int' })
  version!: number;

  @Column({ name: 'from_stage', type: 'text', nullable: true })
  fromStage!: string | null;

  @Column({ name: 'to_stage', type: 'text' })
  toStage!: string;

  @Column({ name: 'at', type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'membership_event_id', type: 'text' })
  membershipEventId!: string;

  @Column({ name: 'segment_id', type: 'text' })
  segmentId!: string;

  @Column({ name: 'reason', type: 'jsonb' })
  reason!: Record<string, unknown>;

  /** The lifecycle.stage.changed event id. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;
}
