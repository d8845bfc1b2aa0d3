import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The customer file: one JSON profile per customer, versioned for optimistic concurrency. */
@Entity({ name: 'customer_profile' })
@Check('CHK_customer_profile_version', `"version" > 0`)
export class CustomerProfileEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  /** Also the ETag; bumped by every change. */
  @Column({ name: 'version', type: 'int' })
  version!: number;

  @Column({ name: 'profile', type: 'jsonb' })
  profile!: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}
