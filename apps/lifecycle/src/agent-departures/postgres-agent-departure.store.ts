import {
  AgentDepartureCustomerEntity,
  AgentDepartureEntity,
  CustomerAgentAssignmentEntity,
  qualifiedTableName,
} from '@cip/persistence';
import type {
  AgentDeparture,
  AgentDepartureStatus,
  AgentDepartureStore,
  DeparturePage,
  DepartureSettlement,
  DepartureWorkStore,
  NewAgentDeparture,
  RecordedDeparture,
} from '@cip/lifecycle-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { insertAlerts } from '../infrastructure/postgres-alert.records';

interface DepartureRow {
  departure_id: string;
  agent_id: string;
  left_at: Date | string;
  successor_agent_id: string | null;
  reason: string | null;
  recorded_at: Date | string;
  status: AgentDepartureStatus;
  customers_found: number;
  customers_alerted: number;
  customers_skipped: number;
  completed_at: Date | string | null;
}

const COLUMNS = `departure_id, agent_id, left_at, successor_agent_id, reason, recorded_at, status,
  customers_found, customers_alerted, customers_skipped, completed_at`;

/**
 * agent_departure and its customers (agent_departure_customer). Recording snapshots the agent's
 * customers in the same transaction; the worker settles them page by page, each page's outcomes,
 * alerts and counts in one transaction with the departure row locked.
 */
export class PostgresAgentDepartureStore implements AgentDepartureStore, DepartureWorkStore {
  private readonly departures: string;
  private readonly customers: string;
  private readonly assignments: string;

  constructor(private readonly dataSource: DataSource) {
    this.departures = qualifiedTableName(dataSource, AgentDepartureEntity);
    this.customers = qualifiedTableName(dataSource, AgentDepartureCustomerEntity);
    this.assignments = qualifiedTableName(dataSource, CustomerAgentAssignmentEntity);
  }

  record(departure: NewAgentDeparture): Promise<RecordedDeparture> {
    return this.dataSource.transaction(async (manager) => {
      // A concurrent identical request waits on the primary key, then finds this row.
      const inserted = (await manager.query(
        `INSERT INTO ${this.departures}
           (departure_id, agent_id, left_at, successor_agent_id, reason, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (departure_id) DO NOTHING
         RETURNING departure_id`,
        [
          departure.departureId,
          departure.agentId,
          departure.leftAt,
          departure.successorAgentId,
          departure.reason,
          departure.recordedAt,
        ],
      )) as unknown[];
      if (inserted.length === 0) {
        const existing = await this.find(manager, departure.departureId);
        if (existing === null) throw new Error(`departure ${departure.departureId} vanished`);
        return { departure: existing, created: false };
      }
      // The customers to call are the agent's as of now; an agent with none is done at once.
      await manager.query(
        `WITH snapshot AS (
           INSERT INTO ${this.customers} (departure_id, customer_id)
           SELECT $1, customer_id FROM ${this.assignments} WHERE agent_id = $2
           RETURNING 1)
         UPDATE ${this.departures} SET
           customers_found = (SELECT count(*) FROM snapshot),
           status = CASE WHEN (SELECT count(*) FROM snapshot) = 0 THEN 'completed' ELSE 'pending' END,
           completed_at = CASE WHEN (SELECT count(*) FROM snapshot) = 0 THEN $3::timestamptz END
         WHERE departure_id = $1`,
        [departure.departureId, departure.agentId, departure.recordedAt],
      );
      const created = await this.find(manager, departure.departureId);
      if (created === null) throw new Error(`departure ${departure.departureId} vanished`);
      return { departure: created, created: true };
    });
  }

  get(departureId: string): Promise<AgentDeparture | null> {
    return this.find(this.dataSource.manager, departureId);
  }

  settleNextPage(
    now: Date,
    limit: number,
    settle: (page: DeparturePage) => Promise<DepartureSettlement[]>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT ${COLUMNS} FROM ${this.departures}
         WHERE status = 'pending' AND left_at <= $1
         ORDER BY recorded_at, departure_id
         LIMIT 1
         FOR UPDATE SKIP LOCKED`,
        [now],
      )) as DepartureRow[];
      if (row === undefined) return false;
      const pending = (await manager.query(
        `SELECT customer_id FROM ${this.customers}
         WHERE departure_id = $1 AND status = 'pending'
         ORDER BY customer_id
         LIMIT $2`,
        [row.departure_id, limit],
      )) as Array<{ customer_id: string }>;
      const customerIds = pending.map((p) => p.customer_id);
      const settlements =
        customerIds.length === 0 ? [] : await settle({ departure: toDeparture(row), customerIds });
      await insertAlerts(
        manager,
        settlements.flatMap((s) => s.fired),
      );
      if (settlements.length > 0) {
        await manager.query(
          `UPDATE ${this.customers} AS c SET status = s.status, settled_at = $4
           FROM unnest($2::text[], $3::text[]) AS s(customer_id, status)
           WHERE c.departure_id = $1 AND c.customer_id = s.customer_id AND c.status = 'pending'`,
          [
            row.departure_id,
            settlements.map((s) => s.customerId),
            settlements.map((s) => s.outcome),
            now,
          ],
        );
      }
      const done = customerIds.length < limit;
      await manager.query(
        `UPDATE ${this.departures} SET
           customers_alerted = customers_alerted + $2,
           customers_skipped = customers_skipped + $3,
           status = CASE WHEN $4 THEN 'completed' ELSE status END,
           completed_at = CASE WHEN $4 THEN $5::timestamptz ELSE completed_at END
         WHERE departure_id = $1`,
        [
          row.departure_id,
          settlements.filter((s) => s.outcome === 'alerted').length,
          settlements.filter((s) => s.outcome === 'skipped').length,
          done,
          now,
        ],
      );
      return true;
    });
  }

  private async find(manager: EntityManager, departureId: string): Promise<AgentDeparture | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM ${this.departures} WHERE departure_id = $1`,
      [departureId],
    )) as DepartureRow[];
    return row === undefined ? null : toDeparture(row);
  }
}

function toDeparture(row: DepartureRow): AgentDeparture {
  return {
    departureId: row.departure_id,
    agentId: row.agent_id,
    leftAt: new Date(row.left_at),
    successorAgentId: row.successor_agent_id,
    reason: row.reason,
    recordedAt: new Date(row.recorded_at),
    status: row.status,
    customersFound: row.customers_found,
    customersAlerted: row.customers_alerted,
    customersSkipped: row.customers_skipped,
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
  };
}
