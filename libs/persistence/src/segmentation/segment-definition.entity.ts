import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SegmentDefinitionStatus = 'draft' | 'active' | 'retired';

/**
 * One version of a segment definition. Versions are immutable once active; at most one version
 * per id is active (partial unique index).
 */
@Entity({ name: 'segment_definition' })
@Check('CHK_segment_definition_status', `"status" IN ('draft', 'active', 'retired')`)
@Check('CHK_segment_definition_version', `"version" > 0`)
@Index('UQ_segment_definition_one_active', ['id'], { unique: true, where: `"status" = 'active'` })
export class SegmentDefinitionEntity {
  @PrimaryColumn({ name: 'id', type: 'text' })
  id!: string;

  @PrimaryColumn({ name: 'version', type: 'int' })
  version!: number;

  @Column({ name: 'status', type: 'text' })
  status!: SegmentDefinitionStatus;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'description', type: 'text' })
  description!: string;

  @Column({ name: 'owner', type: 'text' })
  owner!: string;

  @Column({ name: 'strategy', type: 'text' })
  strategy!: string;

  /** The rule syntax tree; its shape is owned and validated by the segmentation domain lib. */
  @Column({ name: 'rule', type: 'jsonb' })
  rule!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
