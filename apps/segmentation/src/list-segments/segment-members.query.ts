import type { DataSource } from 'typeorm';

export interface MemberRow {
  customerId: string;
  definitionVersion: number;
  enteredAt: string;
  reason: Record<string, unknown>;
}

/**
 * Current members of a segment from the durable rows, by customer id (keyset over the
 * (segment_id, customer_id) index): stable pages however large the segment.
 */
export class SegmentMembersQuery {
  constructor(private readonly dataSource: DataSource) {}

  async page(segmentId: string, after: string | null, limit: number): Promise<MemberRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT customer_id, definition_version, entered_at, reason
         FROM segment_membership
        WHERE segment_id = $1 AND ($2::text IS NULL OR customer_id > $2)
        ORDER BY customer_id
        LIMIT $3`,
      [segmentId, after, limit],
    )) as Array<{
      customer_id: string;
      definition_version: number;
      entered_at: Date;
      reason: Record<string, unknown>;
    }>;
    return rows.map((row) => ({
      customerId: row.customer_id,
      definitionVersion: row.definition_version,
      enteredAt: row.entered_at.toISOString(),
      reason: row.reason,
    }));
  }

  /** Every member, page after page (for exports streamed as they are read). */
  async *all(segmentId: string, pageSize = 1_000): AsyncGenerator<MemberRow> {
    let after: string | null = null;
    for (;;) {
      const rows = await this.page(segmentId, after, pageSize);
      yield* rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.customerId;
    }
  }

  async count(segmentId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM segment_membership WHERE segment_id = $1`,
      [segmentId],
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }

  async segmentCode(segmentId: string): Promise<number | undefined> {
    const rows = (await this.dataSource.query(`SELECT code FROM segment WHERE id = $1`, [
      segmentId,
    ])) as Array<{ code: number }>;
    return rows[0]?.code;
  }

  async sizeHistory(
    segmentId: string,
    from: Date | null,
    to: Date | null,
    limit: number,
  ): Promise<Array<{ at: string; size: number }>> {
    const rows = (await this.dataSource.query(
      `SELECT sampled_at, size FROM segment_size_sample
        WHERE segment_id = $1
          AND ($2::timestamptz IS NULL OR sampled_at >= $2)
          AND ($3::timestamptz IS NULL OR sampled_at < $3)
        ORDER BY sampled_at DESC
        LIMIT $4`,
      [segmentId, from, to, limit],
    )) as Array<{ sampled_at: Date; size: number }>;
    return rows.reverse().map((row) => ({ at: row.sampled_at.toISOString(), size: row.size }));
  }
}
