import {
  CustomerValueProfileEntity,
  ProfileSegmentEntity,
  qualifiedTableName,
} from '@cip/persistence';
import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import {
  profileSegmentSchema,
  profileUpdateOf,
  UNKNOWN_PROFILE,
  type CustomerProfile,
  type CustomerProfiles,
  type SatisfactionLevel,
  type ValueTier,
} from '@cip/lifecycle-domain';
import type { DataSource } from 'typeorm';

interface ProfileRow {
  customer_id: string;
  value_tier: ValueTier;
  satisfaction: SatisfactionLevel;
}

/**
 * The per-customer value profile, Postgres only: one primary-key read per batch is cheap, and a
 * Redis copy would add a cache to keep consistent for no measurable gain. Each dimension is
 * versioned by its change time, so replays never roll it back.
 */
export class PostgresCustomerProfiles implements CustomerProfiles {
  private readonly profiles: string;
  private readonly segments: string;

  constructor(private readonly dataSource: DataSource) {
    this.profiles = qualifiedTableName(dataSource, CustomerValueProfileEntity);
    this.segments = qualifiedTableName(dataSource, ProfileSegmentEntity);
  }

  async profileOf(customerId: string): Promise<CustomerProfile> {
    return (await this.profilesOf([customerId])).get(customerId) ?? UNKNOWN_PROFILE;
  }

  /** One primary-key read for a batch; customers without a row are left out (unknown). */
  async profilesOf(customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerProfile>> {
    if (customerIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT customer_id, value_tier, satisfaction FROM ${this.profiles}
       WHERE customer_id = ANY($1::text[])`,
      [[...new Set(customerIds)]],
    )) as ProfileRow[];
    return new Map(
      rows.map((row) => [
        row.customer_id,
        { valueTier: row.value_tier, satisfaction: row.satisfaction },
      ]),
    );
  }

  async learnFrom(change: SegmentMembershipChangedV1): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT segment_id AS "segmentId", dimension, value FROM ${this.segments} WHERE segment_id = $1`,
      [change.payload.segmentId],
    )) as unknown[];
    if (row === undefined) return;
    // An edited row that no longer parses is ignored rather than written into profiles.
    const segment = profileSegmentSchema.safeParse(row);
    const update = profileUpdateOf(segment.success ? segment.data : undefined, change);
    if (!update) return;
    const [value, at] =
      update.dimension === 'value-tier'
        ? ['value_tier', 'value_tier_changed_at']
        : ['satisfaction', 'satisfaction_changed_at'];
    if (update.change === 'entered') {
      await this.dataSource.query(
        `INSERT INTO ${this.profiles} AS p (customer_id, ${value}, ${at}) VALUES ($1, $2, $3)
         ON CONFLICT (customer_id) DO UPDATE SET ${value} = $2, ${at} = $3
         WHERE p.${at} IS NULL OR p.${at} <= $3`,
        [update.customerId, update.value, update.at],
      );
    } else {
      // Leaving the segment withdraws its value only if nothing newer replaced it.
      await this.dataSource.query(
        `UPDATE ${this.profiles} SET ${value} = 'unknown', ${at} = $3
         WHERE customer_id = $1 AND ${value} = $2 AND (${at} IS NULL OR ${at} <= $3)`,
        [update.customerId, update.value, update.at],
      );
    }
  }
}
