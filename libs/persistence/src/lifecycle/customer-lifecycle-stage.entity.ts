import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer's current lifecycle stage; `version` guards concurrent writers. */
@Entity({ name: 'customer_lifecycle_stage' })
export class CustomerLifecycleStageEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  /** A stage of the lifecycle-domain catalog (prospect, new, ..., won-back). */
  @Column({ name: 'stage', type: 'text' })
  stage!: string;

  @Column({ name: 'version', type: 'int' })
  version!: number;

  @Column({ name: 'since', type: 'timestamptz' })
  since!: Date;

  @Column({ name: 'membership_event_id', type: 'text' })
  membershipEventId!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
