import type { CustomerProfile } from '@cip/contracts';
import type {
  CustomerProfileStore,
  CustomerProfileTransaction,
  ProfileLookup,
  StoredProfile,
} from '@cip/ingestion-domain';
import {
  CustomerEntity,
  CustomerProfileAuditEntity,
  CustomerProfileEntity,
  OutboxMessageEntity,
  qualifiedTableName,
  returnedRows,
} from '@cip/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { enqueueOutboxEvent } from '../outbox/outbox.writer';

interface Tables {
  customer: string;
  profile: string;
  audit: string;
  outbox: string;
}

interface ProfileRow {
  id: string;
  status: 'prospect' | 'customer' | 'merged';
  merged_into: string | null;
  version: number | null;
  profile: CustomerProfile | null;
  updated_at: Date | null;
  updated_by: string | null;
}

/**
 * Customer files over customer (the identity graph's node), customer_profile and
 * customer_profile_audit. A change locks the customer row, the same lock a merge takes, so a
 * file cannot change while its customer is being merged away.
 */
export class PostgresCustomerProfileStore implements CustomerProfileStore {
  private readonly tables: Tables;

  constructor(private readonly dataSource: DataSource) {
    this.tables = {
      customer: qualifiedTableName(dataSource, CustomerEntity),
      profile: qualifiedTableName(dataSource, CustomerProfileEntity),
      audit: qualifiedTableName(dataSource, CustomerProfileAuditEntity),
      outbox: qualifiedTableName(dataSource, OutboxMessageEntity),
    };
  }

  find(customerId: string): Promise<ProfileLookup> {
    return readProfile(this.dataSource.manager, this.tables, customerId, false);
  }

  withCustomerLocked<T>(
    customerId: string,
    work: (tx: CustomerProfileTransaction) => Promise<T>,
  ): Promise<T> {
    const { tables } = this;
    return this.dataSource.transaction((manager) =>
      work({
        current: () => readProfile(manager, tables, customerId, true),
        save: async (stored, previousVersion) => {
          const values = [
            stored.customerId,
            stored.version,
            JSON.stringify(stored.profile),
            stored.updatedAt ?? new Date(),
            stored.updatedBy ?? 'anonymous',
          ];
          // Version 0 has no row yet: the insert loses (no row returned) to a concurrent first write.
          const written =
            previousVersion === 0
              ? await manager.query(
                  `INSERT INTO ${tables.profile} (customer_id, version, profile, updated_at, updated_by)
                   VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT (customer_id) DO NOTHING
                   RETURNING customer_id`,
                  values,
                )
              : await manager.query(
                  `UPDATE ${tables.profile}
                      SET version = $2, profile = $3::jsonb, updated_at = $4, updated_by = $5
                    WHERE customer_id = $1 AND version = $6 RETURNING customer_id`,
                  [...values, previousVersion],
                );
          return returnedRows(written).length === 1;
        },
        audit: async (entry) => {
          await manager.query(
            `INSERT INTO ${tables.audit} (customer_id, version, actor, changes, changed_at)
             VALUES ($1, $2, $3, $4, $5)`,
            [
              entry.customerId,
              entry.version,
              entry.actor,
              JSON.stringify(entry.changes),
              entry.changedAt,
            ],
          );
        },
        enqueue: (event) => enqueueOutboxEvent(manager, tables.outbox, event),
      }),
    );
  }
}

async function readProfile(
  manager: EntityManager,
  tables: Tables,
  customerId: string,
  lock: boolean,
): Promise<ProfileLookup> {
  if (lock) {
    // Lock first, read after: a locking join re-reads only the locked row once the lock is
    // granted, and would return the profile as it was before the change we waited for.
    await manager.query(`SELECT 1 FROM ${tables.customer} WHERE id = $1 FOR UPDATE`, [customerId]);
  }
  const rows = (await manager.query(
    `SELECT c.id, c.status, c.merged_into, p.version, p.profile, p.updated_at, p.updated_by
       FROM ${tables.customer} c LEFT JOIN ${tables.profile} p ON p.customer_id = c.id
      WHERE c.id = $1`,
    [customerId],
  )) as ProfileRow[];
  const row = rows[0];
  if (!row) return { kind: 'missing' };
  if (row.status === 'merged') return { kind: 'merged', survivorId: row.merged_into ?? '' };
  const stored: StoredProfile = {
    customerId: row.id,
    status: row.status,
    version: row.version ?? 0,
    profile: row.profile ?? {},
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at),
    updatedBy: row.updated_by,
  };
  return { kind: 'found', stored };
}
