import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A segment's member count at one instant: the size-over-time series. */
@Entity({ name: 'segment_size_sample' })
// Retention deletes by age (see the 1732550001400 migration).
@Index('IDX_segment_size_sample_sampled_at', ['sampledAt'])
export class SegmentSizeSampleEntity {
  @PrimaryColumn({ name: 'segment_id', type: 'text' })
  segmentId!: string;

  @PrimaryColumn({ name: 'sampled_at', type: 'timestamptz' })
  sampledAt!: Date;

  @Column({ name: 'size', type: 'int' })
  size!: number;
}
