import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A node of the identity graph; `merged` ones keep their row and point at the survivor. */
@Entity({ name: 'customer' })
@Check('CHK_customer_status', `"status" IN ('prospect', 'customer', 'merged')`)
@Check('CHK_customer_merged_into', `("status" = 'merged') = ("merged_into" IS NOT NULL)`)
@Index('IDX_customer_merged_into', ['mergedInto'], { where: `"merged_into" IS NOT NULL` })
export class CustomerEntity {
  @PrimaryColumn({ name: 'id', type: 'text' })
  id!: string;

  @Column({ name: 'status', type: 'text' })
  status!: 'prospect' | 'customer' | 'merged';

  @Column({ name: 'merged_into', type: 'text', nullable: true })
  mergedInto!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt!: Date | null;
}
