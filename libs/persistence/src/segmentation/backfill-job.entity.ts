import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { SegmentEntity } from './segment.entity';

export type BackfillJobKind = 'activate' | 'edit' | 'retire' | 'quantiles';
export type BackfillJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * A background re-evaluation of every customer after a definition (or quantile table) changed.
 * `cursor` is where the scan of the hot store stopped, so a job resumes after a restart;
 * `lease_until` lets another instance take over a job whose runner died.
 */
@Entity({ name: 'backfill_job' })
@Check('CHK_backfill_job_kind', `"kind" IN ('activate', 'edit', 'retire', 'quantiles')`)
@Check(
  'CHK_backfill_job_status',
  `"status" IN ('queued', 'running', 'done', 'failed', 'cancelled')`,
)
@Index('UQ_backfill_job_one_open_per_scope', ['scope'], {
  unique: true,
  where: `"status" IN ('queued', 'running')`,
})
@Index('IDX_backfill_job_open', ['createdAt'], { where: `"status" IN ('queued', 'running')` })
@Index('IDX_backfill_job_segment', ['segmentId', 'createdAt'])
export class BackfillJobEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  /** A segment id, `pack:<name>` or `quantiles`: at most one open job per scope. */
  @Column({ name: 'scope', type: 'text' })
  scope!: string;

  @Column({ name: 'segment_id', type: 'text', nullable: true })
  segmentId!: string | null;

  /** Declared for the schema only (the foreign key). */
  @ManyToOne(() => SegmentEntity, { nullable: true })
  @JoinColumn({ name: 'segment_id', foreignKeyConstraintName: 'FK_backfill_job_segment' })
  segment?: SegmentEntity | null;

  @Column({ name: 'version', type: 'int', nullable: true })
  version!: number | null;

  @Column({ name: 'kind', type: 'text' })
  kind!: BackfillJobKind;

  @Column({ name: 'status', type: 'text', default: 'queued' })
  status!: BackfillJobStatus;

  /** Customers expected (an estimate until the job is done). */
  @Column({ name: 'total', type: 'int', nullable: true })
  total!: number | null;

  @Column({ name: 'processed', type: 'int', default: 0 })
  processed!: number;

  @Column({ name: 'changes', type: 'int', default: 0 })
  changes!: number;

  @Column({ name: 'cursor', type: 'text', nullable: true })
  cursor!: string | null;

  @Column({ name: 'attempts', type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'created_by', type: 'text', default: 'system' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'error', type: 'text', nullable: true })
  error!: string | null;
}
