import { claimEvent, CustomerAgentAssignmentEntity, qualifiedTableName } from '@cip/persistence';
import type { AgentAssignments, AssignedAgentChange } from '@cip/lifecycle-domain';
import type { DataSource } from 'typeorm';

/** customer_agent_assignment, written with the inbox claim in one transaction. */
export class PostgresAgentAssignments implements AgentAssignments {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {
    this.table = qualifiedTableName(dataSource, CustomerAgentAssignmentEntity);
  }

  apply(
    eventId: string,
    change: AssignedAgentChange | undefined,
  ): Promise<'applied' | 'duplicate'> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, this.consumer, eventId))) return 'duplicate';
      if (change === undefined) return 'applied';
      // The profile version orders one customer's changes: a replayed older one changes nothing.
      await manager.query(
        `INSERT INTO ${this.table} AS a (customer_id, agent_id, profile_version, changed_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (customer_id) DO UPDATE
           SET agent_id = EXCLUDED.agent_id, profile_version = EXCLUDED.profile_version,
               changed_at = EXCLUDED.changed_at
           WHERE a.profile_version < EXCLUDED.profile_version`,
        [change.customerId, change.agentId, change.profileVersion, change.at],
      );
      return 'applied';
    });
  }
}
