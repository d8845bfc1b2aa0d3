import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What lifecycle knows of a customer's value tier and satisfaction, learnt from the membership
 * changes of the profile segments; feeds the severity of every firing. Each dimension keeps the
 * time of its last change so an older (replayed) change cannot overwrite a newer one.
 */
@Entity({ name: 'customer_value_profile' })
export class CustomerValueProfileEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'value_tier', type: 'text', default: 'unknown' })
  valueTier!: string;

  @Column({ name: 'value_tier_changed_at', type: 'timestamptz', nullable: true })
  valueTierChangedAt!: Date | null;

  @Column({ name: 'satisfaction', type: 'text', default: 'unknown' })
  satisfaction!: string;

  @Column({ name: 'satisfaction_changed_at', type: 'timestamptz', nullable: true })
  satisfactionChangedAt!: Date | null;
}
