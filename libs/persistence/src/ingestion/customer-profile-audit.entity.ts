import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Who changed which fields of a customer file, and when: one row per profile version. */
@Entity({ name: 'customer_profile_audit' })
@Unique('UQ_customer_profile_audit_version', ['customerId', 'version'])
export class CustomerProfileAuditEntity {
  /** bigserial; pg returns int8 as a string. */
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'version', type: 'int' })
  version!: number;

  @Column({ name: 'actor', type: 'text' })
  actor!: string;

  /** [{ field: JSON pointer, value: new value or null }] */
  @Column({ name: 'changes', type: 'jsonb' })
  changes!: { field: string; value: unknown }[];

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
