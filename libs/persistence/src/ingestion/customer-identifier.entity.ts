import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One normalised identifier and the (never merged) customer it belongs to. The primary key
 * (kind, value) makes an identifier belong to one customer at most. National ids are stored as
 * their keyed hash only.
 */
@Entity({ name: 'customer_identifier' })
@Check(
  'CHK_customer_identifier_kind',
  `"kind" IN ('customerId', 'accountNumber', 'phone', 'email', 'deviceId', 'nationalId')`,
)
@Index('IDX_customer_identifier_customer', ['customerId'])
export class CustomerIdentifierEntity {
  @PrimaryColumn({ name: 'kind', type: 'text' })
  kind!: string;

  @PrimaryColumn({ name: 'value', type: 'text' })
  value!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'attached_at', type: 'timestamptz', default: () => 'now()' })
  attachedAt!: Date;
}
