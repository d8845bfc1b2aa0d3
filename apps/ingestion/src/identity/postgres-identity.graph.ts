import { PlatformError, type CustomerMergedV1, type IdentifierKind } from '@cip/contracts';
import {
  IDENTITY_ERROR_CODES,
  identifierKey,
  type CustomerNode,
  type CustomerStatus,
  type Identifier,
  type IdentityGraph,
  type IdentityGraphTransaction,
} from '@cip/ingestion-domain';
import {
  CustomerEntity,
  CustomerIdentifierEntity,
  CustomerMergeEntity,
  OutboxMessageEntity,
  qualifiedTableName,
  returnedRows,
} from '@cip/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { enqueueOutboxEvent } from '../outbox/outbox.writer';

interface Tables {
  customer: string;
  identifier: string;
  merge: string;
  outbox: string;
}

interface OwnerRow {
  kind: IdentifierKind;
  value: string;
  id: string;
  status: CustomerStatus;
  created_at: Date;
}

/** Deadlocks (40P01) can happen between merges and are safe to retry: nothing was committed. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;
/** A merge committing between our read and our lock makes us read again; more is contention. */
const MAX_OWNER_READS = 5;

/**
 * The identity graph in the ingestion schema. A resolution is one transaction that first takes a
 * transaction-scoped advisory lock per identifier (in key order, so overlapping sets cannot
 * deadlock on them), then locks the owning customer rows (FOR UPDATE, in id order) so a concurrent
 * merge of those customers waits for us, or we for it. The primary key (kind, value) of
 * customer_identifier backs it all up: one identifier can never belong to two customers.
 */
export class PostgresIdentityGraph implements IdentityGraph {
  private readonly tables: Tables;
  private readonly lockNamespace: string;

  constructor(private readonly dataSource: DataSource) {
    this.tables = {
      customer: qualifiedTableName(dataSource, CustomerEntity),
      identifier: qualifiedTableName(dataSource, CustomerIdentifierEntity),
      merge: qualifiedTableName(dataSource, CustomerMergeEntity),
      outbox: qualifiedTableName(dataSource, OutboxMessageEntity),
    };
    // Schemas of other environments (test runs) share the database, not the locks.
    this.lockNamespace = `cip:identity:${this.tables.identifier}:`;
  }

  async withIdentifiersLocked<T>(
    identifiers: readonly Identifier[],
    work: (tx: IdentityGraphTransaction) => Promise<T>,
  ): Promise<T> {
    const keys = [...new Set(identifiers.map((i) => this.lockNamespace + identifierKey(i)))].sort();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction(async (manager) => {
          await manager.query(
            `SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
               FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
            [keys],
          );
          return work(new PostgresIdentityTransaction(manager, this.tables));
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(sqlStateOf(error))) throw error;
      }
    }
  }

  async lookup(identifiers: readonly Identifier[]): Promise<Map<string, CustomerNode>> {
    const rows = await selectOwners(this.dataSource.manager, this.tables, identifiers);
    return new Map(rows.map((row) => [identifierKey(row), nodeOf(row)]));
  }
}

class PostgresIdentityTransaction implements IdentityGraphTransaction {
  private readonly moved = new Map<string, Identifier[]>();

  constructor(
    private readonly manager: EntityManager,
    private readonly tables: Tables,
  ) {}

  async ownersOf(identifiers: readonly Identifier[]): Promise<Map<string, CustomerNode>> {
    for (let read = 1; read <= MAX_OWNER_READS; read += 1) {
      const rows = await selectOwners(this.manager, this.tables, identifiers);
      const ids = [...new Set(rows.map((row) => row.id))].sort();
      if (ids.length === 0) return new Map();
      const locked = (await this.manager.query(
        `SELECT id, status FROM ${this.tables.customer} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        [ids],
      )) as { id: string; status: CustomerStatus }[];
      // A merge committed between our two reads: its identifiers moved, read them again.
      if (locked.some((row) => row.status === 'merged')) continue;
      return new Map(rows.map((row) => [identifierKey(row), nodeOf(row)]));
    }
    throw new PlatformError(
      IDENTITY_ERROR_CODES.identityContention,
      'The customers behind these identifiers keep changing; retry shortly',
    );
  }

  async createCustomer(customer: CustomerNode): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.tables.customer} (id, status, created_at) VALUES ($1, $2, $3)`,
      [customer.id, customer.status, customer.createdAt],
    );
    await this.attach(customer.id, [{ kind: 'customerId', value: customer.id }]);
  }

  async attach(customerId: string, identifiers: readonly Identifier[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.tables.identifier} (kind, value, customer_id)
       SELECT kind, value, $3 FROM unnest($1::text[], $2::text[]) AS t(kind, value)`,
      [identifiers.map((i) => i.kind), identifiers.map((i) => i.value), customerId],
    );
  }

  async merge(loserId: string, survivorId: string): Promise<Identifier[]> {
    await this.manager.query(
      `UPDATE ${this.tables.customer} SET status = 'merged', merged_into = $2, merged_at = now()
       WHERE id = $1 AND status <> 'merged'`,
      [loserId, survivorId],
    );
    // Whoever was merged into the loser now points at the survivor: chains stay one step long.
    await this.manager.query(
      `UPDATE ${this.tables.customer} SET merged_into = $2 WHERE merged_into = $1`,
      [loserId, survivorId],
    );
    const moved = returnedRows<Identifier>(
      await this.manager.query(
        `UPDATE ${this.tables.identifier} SET customer_id = $2 WHERE customer_id = $1
         RETURNING kind, value`,
        [loserId, survivorId],
      ),
    ).map(({ kind, value }) => ({ kind, value }));
    this.moved.set(loserId, moved);
    return moved;
  }

  async recordMerge(event: CustomerMergedV1): Promise<void> {
    for (const loserId of event.payload.mergedIds) {
      await this.manager.query(
        `INSERT INTO ${this.tables.merge}
           (loser_id, survivor_id, reason, identifiers_moved, event_id, merged_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          loserId,
          event.payload.survivorId,
          event.payload.reason,
          JSON.stringify(this.moved.get(loserId) ?? []),
          event.eventId,
          event.occurredAt,
        ],
      );
    }
    await enqueueOutboxEvent(this.manager, this.tables.outbox, event);
  }
}

async function selectOwners(
  manager: EntityManager,
  tables: Tables,
  identifiers: readonly Identifier[],
): Promise<OwnerRow[]> {
  return (await manager.query(
    `SELECT i.kind, i.value, c.id, c.status, c.created_at
       FROM ${tables.identifier} i JOIN ${tables.customer} c ON c.id = i.customer_id
      WHERE (i.kind, i.value) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [identifiers.map((i) => i.kind), identifiers.map((i) => i.value)],
  )) as OwnerRow[];
}

function nodeOf(row: OwnerRow): CustomerNode {
  return {
    id: row.id,
    status: row.status === 'customer' ? 'customer' : 'prospect',
    createdAt: new Date(row.created_at),
  };
}

function sqlStateOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
