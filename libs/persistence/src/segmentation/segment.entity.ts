import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * A segment id and its stable small code (the key of its membership bitmap). Created with the
 * first version of a definition and never deleted, so a code is never reused.
 */
@Entity({ name: 'segment' })
@Unique('UQ_segment_code', ['code'])
export class SegmentEntity {
  @PrimaryColumn({ name: 'id', type: 'text' })
  id!: string;

  /** serial */
  @Column({ name: 'code', type: 'int', generated: 'increment' })
  code!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
