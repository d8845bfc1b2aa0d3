import { claimEvent, CustomerStateEntity, ProcessedEventEntity } from '@cip/persistence';
import { parseCustomerState, type CustomerState } from '@cip/segmentation-domain';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  AppliedEventRecord,
  MergeRecord,
  SegmentationRecords,
} from '../apply-contact-event/segmentation.ports';

/**
 * The durable side. Unqualified table names: the connection's search_path is the service's schema.
 * Every write is idempotent, so a repeated event (or a zombie handler) cannot double anything.
 */
export class PostgresSegmentationRecords implements SegmentationRecords {
  constructor(private readonly dataSource: DataSource) {}

  async isProcessed(consumer: string, eventId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(ProcessedEventEntity)
      .exists({ where: { consumer, eventId } });
  }

  async loadSnapshot(customerId: string): Promise<CustomerState | undefined> {
    const row = await this.dataSource
      .getRepository(CustomerStateEntity)
      .findOne({ where: { customerId } });
    return row ? parseCustomerState(row.state) : undefined;
  }

  async record(entry: AppliedEventRecord): Promise<boolean> {
    return this.recordMerge({ ...entry, states: [entry.state] });
  }

  async recordMerge(entry: MergeRecord): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, entry.consumer, entry.eventId))) return false;
      for (const state of entry.states) {
        if (await this.upsertSnapshot(manager, state)) await this.syncMemberships(manager, state);
      }
      for (const change of entry.changes) {
        await manager.query(
          `INSERT INTO segment_membership_history
             (customer_id, segment_id, definition_version, change, changed_at, triggering_event_id, event_id, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
           ON CONFLICT (event_id) DO NOTHING`,
          [
            change.customerId,
            change.segmentId,
            change.definitionVersion,
            change.change,
            change.at,
            change.triggeringEventId,
            change.eventId,
            JSON.stringify(change.reason),
          ],
        );
      }
      return true;
    });
  }

  /** Writes the snapshot unless a newer one is stored; true when ours is now the stored one. */
  private async upsertSnapshot(manager: EntityManager, state: CustomerState): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO customer_state (customer_id, state, last_event_at, version, updated_at)
       VALUES ($1, $2::jsonb, $3, $4, now())
       ON CONFLICT (customer_id) DO UPDATE
         SET state = excluded.state, last_event_at = excluded.last_event_at,
             version = excluded.version, updated_at = now()
         WHERE customer_state.version <= excluded.version
       RETURNING version`,
      [state.customerId, JSON.stringify(state), new Date(state.lastEventAtMs ?? 0), state.version],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The current-membership rows mirror the state exactly (the state is the source of truth). */
  private async syncMemberships(manager: EntityManager, state: CustomerState): Promise<void> {
    const segmentIds = Object.keys(state.memberships);
    await manager.query(
      `DELETE FROM segment_membership WHERE customer_id = $1 AND NOT (segment_id = ANY($2::text[]))`,
      [state.customerId, segmentIds],
    );
    for (const [segmentId, member] of Object.entries(state.memberships)) {
      await manager.query(
        `INSERT INTO segment_membership (customer_id, segment_id, definition_version, entered_at, reason)
         VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (customer_id, segment_id) DO UPDATE
           SET definition_version = excluded.definition_version, entered_at = excluded.entered_at,
               reason = excluded.reason`,
        [
          state.customerId,
          segmentId,
          member.definitionVersion,
          member.enteredAt,
          JSON.stringify(member.reason),
        ],
      );
    }
  }
}
