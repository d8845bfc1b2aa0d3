import { lifecycleStageSchema } from '@cip/contracts';
import {
  LifecycleError,
  type CustomerStage,
  type LifecycleStageStore,
  type StageChange,
  type StageHistoryEntry,
} from '@cip/lifecycle-domain';
import {
  claimEvent,
  CustomerLifecycleStageEntity,
  LifecycleStageTransitionEntity,
  ProcessedEventEntity,
  qualifiedTableName,
  returnedRows,
} from '@cip/persistence';
import type { DataSource } from 'typeorm';

interface HistoryRow {
  version: number;
  from_stage: string | null;
  to_stage: string;
  at: Date;
  membership_event_id: string;
  segment_id: string;
  reason: StageHistoryEntry['reason'];
  event_id: string;
}

/** Current stage per customer (version-checked), its history and the stage consumer's inbox. */
export class PostgresLifecycleStageStore implements LifecycleStageStore {
  private readonly stages: string;
  private readonly transitions: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {
    this.stages = qualifiedTableName(dataSource, CustomerLifecycleStageEntity);
    this.transitions = qualifiedTableName(dataSource, LifecycleStageTransitionEntity);
  }

  isProcessed(eventId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(ProcessedEventEntity)
      .exists({ where: { consumer: this.consumer, eventId } });
  }

  async current(customerId: string): Promise<CustomerStage | null> {
    const row = await this.dataSource
      .getRepository(CustomerLifecycleStageEntity)
      .findOne({ where: { customerId } });
    if (row === null) return null;
    return {
      customerId: row.customerId,
      stage: lifecycleStageSchema.parse(row.stage),
      version: row.version,
      since: row.since,
      membershipEventId: row.membershipEventId,
    };
  }

  async record(eventId: string, change: StageChange | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // A duplicate claim means another delivery already applied it: nothing more to do.
      if (!(await claimEvent(manager, this.consumer, eventId))) return;
      if (change === null) return;
      const written = returnedRows<unknown>(
        await manager.query(
          change.version === 1
            ? `INSERT INTO ${this.stages} (customer_id, stage, version, since, membership_event_id)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (customer_id) DO NOTHING RETURNING 1`
            : `UPDATE ${this.stages}
               SET stage = $2, version = $3, since = $4, membership_event_id = $5, updated_at = now()
               WHERE customer_id = $1 AND version = $3 - 1 RETURNING 1`,
          [change.customerId, change.to, change.version, change.at, change.membershipEventId],
        ),
      );
      if (written.length === 0) {
        // Thrown inside the transaction: the inbox claim rolls back and the redelivery re-reads.
        throw new LifecycleError(
          'STAGE_VERSION_CONFLICT',
          `the stage of ${change.customerId} moved past version ${change.version - 1}`,
          { customerId: change.customerId, expectedVersion: change.version - 1 },
        );
      }
      await manager.query(
        `INSERT INTO ${this.transitions}
           (customer_id, version, from_stage, to_stage, at, membership_event_id, segment_id, reason, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
        [
          change.customerId,
          change.version,
          change.from,
          change.to,
          change.at,
          change.membershipEventId,
          change.segmentId,
          JSON.stringify(change.reason),
          change.event.eventId,
        ],
      );
    });
  }

  async history(customerId: string): Promise<StageHistoryEntry[]> {
    const rows = (await this.dataSource.query(
      `SELECT version, from_stage, to_stage, at, membership_event_id, segment_id, reason, event_id
       FROM ${this.transitions} WHERE customer_id = $1 ORDER BY version`,
      [customerId],
    )) as HistoryRow[];
    return rows.map((row) => ({
      version: row.version,
      from: row.from_stage === null ? null : lifecycleStageSchema.parse(row.from_stage),
      to: lifecycleStageSchema.parse(row.to_stage),
      at: row.at,
      membershipEventId: row.membership_event_id,
      segmentId: row.segment_id,
      reason: row.reason,
      eventId: row.event_id,
    }));
  }
}
