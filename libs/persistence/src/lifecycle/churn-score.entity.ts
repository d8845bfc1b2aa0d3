import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export type ChurnRiskBandName = 'low' | 'elevated' | 'high';

/** A customer's latest churn score, with its top reason codes and the model that gave it. */
@Entity({ name: 'churn_score' })
@Check('CHK_churn_score_band', `band IN ('low', 'elevated', 'high')`)
export class ChurnScoreEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'probability', type: 'double precision' })
  probability!: number;

  @Column({ name: 'band', type: 'text' })
  band!: ChurnRiskBandName;

  @Column({ name: 'model_version', type: 'text' })
  modelVersion!: string;

  @Column({ name: 'reasons', type: 'jsonb' })
  reasons!: Array<Record<string, unknown>>;

  /** The history time the score was computed at; older scores never overwrite newer ones. */
  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
