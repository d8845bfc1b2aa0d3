import {
  ChurnScoreEntity,
  claimEvent,
  CustomerAgentAssignmentEntity,
  CustomerLifecycleStageEntity,
  CustomerValueProfileEntity,
  qualifiedTableName,
} from '@cip/persistence';
import type { DataSource } from 'typeorm';

export interface CustomerMerge {
  eventId: string;
  survivorId: string;
  /** Without the survivor. */
  mergedIds: readonly string[];
}

/**
 * lifecycle's rows keyed by the customer id itself (one per customer), which the re-keying of
 * followCustomerMerges cannot move without colliding with the survivor's row:
 * - churn_score: the survivor gets the highest risk of its ids' scores (the same person was that
 *   much at risk under one of them: act before they leave), until its next contact event
 *   re-scores it on the combined history (churn_event_history already follows merges).
 * - customer_lifecycle_stage, customer_value_profile: the merged ids' rows go. Segmentation
 *   re-evaluates the survivor on the merged features and publishes its membership changes, which
 *   set the survivor's stage and value profile the usual way; moving a merged id's row here
 *   would race that. Stage transitions stay under the old ids as history.
 * - customer_agent_assignment: the merged ids' rows go. The survivor's customer file (and so its
 *   assigned agent) is the one that lives on; a merged id must not be called when an agent leaves.
 * All in one transaction with the inbox claim: a redelivered merge changes nothing.
 */
export class PostgresCustomerKeyedStateMerger {
  private readonly scores: string;
  private readonly stages: string;
  private readonly profiles: string;
  private readonly assignments: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {
    this.scores = qualifiedTableName(dataSource, ChurnScoreEntity);
    this.stages = qualifiedTableName(dataSource, CustomerLifecycleStageEntity);
    this.profiles = qualifiedTableName(dataSource, CustomerValueProfileEntity);
    this.assignments = qualifiedTableName(dataSource, CustomerAgentAssignmentEntity);
  }

  merge(merge: CustomerMerge): Promise<'merged' | 'duplicate'> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, this.consumer, merge.eventId))) return 'duplicate';
      const merged = [...merge.mergedIds];
      if (merged.length === 0) return 'merged';
      // Locks every score involved, so a concurrent re-score of one of them waits for this.
      const [top] = (await manager.query(
        `SELECT customer_id FROM ${this.scores}
         WHERE customer_id = $1 OR customer_id = ANY($2::text[])
         ORDER BY probability DESC, (customer_id = $1) DESC, as_of DESC
         FOR UPDATE`,
        [merge.survivorId, merged],
      )) as Array<{ customer_id: string }>;
      if (top !== undefined && top.customer_id !== merge.survivorId) {
        await manager.query(`DELETE FROM ${this.scores} WHERE customer_id = $1`, [
          merge.survivorId,
        ]);
        await manager.query(`UPDATE ${this.scores} SET customer_id = $1 WHERE customer_id = $2`, [
          merge.survivorId,
          top.customer_id,
        ]);
      }
      for (const table of [this.scores, this.stages, this.profiles, this.assignments]) {
        await manager.query(`DELETE FROM ${table} WHERE customer_id = ANY($1::text[])`, [merged]);
      }
      return 'merged';
    });
  }
}
