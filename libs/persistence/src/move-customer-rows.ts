import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { claimEvent } from './inbox';
import { PersistenceError } from './persistence-error';
import { qualifiedTableName } from './qualified-table-name';

export interface MoveCustomerRows {
  /** Inbox consumer name: a merge is applied once per consumer. */
  consumer: string;
  /** The `customer.merged` event id. */
  eventId: string;
  survivorId: string;
  mergedIds: readonly string[];
  /** Entities with a `customerId` column whose rows follow the survivor. */
  entities: ReadonlyArray<EntityTarget<ObjectLiteral>>;
}

/**
 * Re-keys every row of the merged ids to the survivor in one transaction with the inbox claim,
 * so a redelivered merge changes nothing. For tables keyed by their own id (not by customer),
 * where one UPDATE cannot collide with a survivor's row.
 */
export async function moveCustomerRows(
  dataSource: DataSource,
  move: MoveCustomerRows,
): Promise<'moved' | 'duplicate'> {
  return dataSource.transaction(async (manager) => {
    if (!(await claimEvent(manager, move.consumer, move.eventId))) return 'duplicate';
    for (const entity of move.entities) {
      const column = dataSource.getMetadata(entity).findColumnWithPropertyName('customerId');
      if (!column) throw new PersistenceError('INVALID_INPUT', 'entity has no customerId column');
      const customerColumn = dataSource.driver.escape(column.databaseName);
      await manager.query(
        `UPDATE ${qualifiedTableName(dataSource, entity)} SET ${customerColumn} = $1
         WHERE ${customerColumn} = ANY($2::text[])`,
        [move.survivorId, [...move.mergedIds]],
      );
    }
    return 'moved';
  });
}
