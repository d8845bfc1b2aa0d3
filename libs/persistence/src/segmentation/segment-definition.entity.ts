import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SegmentEntity } from './segment.entity';

export type SegmentDefinitionStatus = 'draft' | 'active' | 'superseded' | 'retired';

/**
 * One version of a segment definition. Versions are immutable once active; at most one version
 * per id is active (partial unique index); activating another supersedes it.
 */
@Entity({ name: 'segment_definition' })
@Check('CHK_segment_definition_status', `"status" IN ('draft', 'active', 'superseded', 'retired')`)
@Check('CHK_segment_definition_version', `"version" > 0`)
@Index('UQ_segment_definition_one_active', ['id'], { unique: true, where: `"status" = 'active'` })
@Index('IDX_segment_definition_pack', ['pack'], { where: `"pack" IS NOT NULL` })
export class SegmentDefinitionEntity {
  @PrimaryColumn({ name: 'id', type: 'text' })
  id!: string;

  /** Every id has its segment row (its bitmap code); declared for the schema only. */
  @ManyToOne(() => SegmentEntity, { nullable: false })
  @JoinColumn({ name: 'id', foreignKeyConstraintName: 'FK_segment_definition_segment' })
  segment?: SegmentEntity;

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

  /**
   * The condition syntax tree (or a first-form rule, translated when read); its shape is owned
   * and validated by the segmentation domain lib.
   */
  @Column({ name: 'condition', type: 'jsonb' })
  condition!: Record<string, unknown>;

  /** The model pack it was installed from; editable like any other definition. */
  @Column({ name: 'pack', type: 'text', nullable: true })
  pack!: string | null;

  @Column({ name: 'created_by', type: 'text', default: 'system' })
  createdBy!: string;

  /** Who made the last status change (activation, supersession, retirement). */
  @Column({ name: 'changed_by', type: 'text', nullable: true })
  changedBy!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
