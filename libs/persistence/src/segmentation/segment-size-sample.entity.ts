import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A segment's member count at one instant: the size-over-time series. */
@Entity({ name: 'segment_size_sample' })
export class SegmentSizeSampleEntity {
  @PrimaryColumn({ name: 'segment_id', type: 'text' })
  segmentId!: string;

  @PrimaryColumn({ name: 'sampled_at', type: 'timestamptz' })
  sampledAt!: Date;

  @Column({ name: 'size', type: 'int' })
  size!: number;
}
