import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Ascending cut points of one population quantile table (e.g. RFM recency quintiles). */
@Entity({ name: 'quantile_table' })
export class QuantileTableEntity {
  @PrimaryColumn({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'cuts', type: 'jsonb' })
  cuts!: number[];

  /** Customers with a value when the cuts were computed. */
  @Column({ name: 'population', type: 'int' })
  population!: number;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt!: Date;
}
