import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A trained churn model version. `artefact` is the churn-model lib's JSON artefact, `metrics` its
 * held-out quality, `band_cuts` the score thresholds of the risk bands (the top-decile cut from
 * training is "high"). At most one row is active: the one the service scores with.
 */
@Entity({ name: 'churn_model' })
@Index('UQ_churn_model_active', ['active'], { unique: true, where: 'active' })
export class ChurnModelEntity {
  @PrimaryColumn({ name: 'version', type: 'text' })
  version!: string;

  @Column({ name: 'trained_at', type: 'timestamptz' })
  trainedAt!: Date;

  @Column({ name: 'metrics', type: 'jsonb' })
  metrics!: Record<string, unknown>;

  @Column({ name: 'artefact', type: 'jsonb' })
  artefact!: Record<string, unknown>;

  @Column({ name: 'band_cuts', type: 'jsonb' })
  bandCuts!: Record<string, unknown>;

  @Column({ name: 'active', type: 'boolean', default: false })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
