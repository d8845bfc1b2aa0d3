import { severitySchema } from '@cip/contracts';
import type {
  ClosedAlert,
  ClosedAlertRecorder,
  OpenAlert,
  OpenAlertReader,
  OpenAlertRecorder,
} from '@cip/nba-domain';
import {
  claimEvent,
  ClosedAlertEntity,
  OpenAlertEntity,
  qualifiedTableName,
} from '@cip/persistence';
import type { DataSource } from 'typeorm';

/** Open alerts a customer can have at once that one decision looks at; the newest win. */
const MAX_OPEN_ALERTS = 50;

/** Inbox consumer names of the two topics folded into nba's alert tables. */
export interface OpenAlertsConsumers {
  raised: string;
  statusChanged: string;
}

interface OpenAlertRow {
  alert_id: string;
  customer_id: string;
  trigger_id: string;
  severity: string;
  suggested_strategy: string;
  raised_at: Date;
  deadline: Date | null;
}

/**
 * nba.open_alert and nba.closed_alert plus the inbox, in nba's own schema. Raised and status
 * events come from two topics read independently, so a close may land before its raise: reads
 * leave out every alert in closed_alert (whatever the interleaving of the two writers) and the
 * close also deletes the open copy so open_alert does not grow with finished work.
 */
export class PostgresOpenAlerts implements OpenAlertRecorder, OpenAlertReader, ClosedAlertRecorder {
  private readonly open: string;
  private readonly closed: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumers: OpenAlertsConsumers,
  ) {
    this.open = qualifiedTableName(dataSource, OpenAlertEntity);
    this.closed = qualifiedTableName(dataSource, ClosedAlertEntity);
  }

  async record(eventId: string, alert: OpenAlert): Promise<'recorded' | 'duplicate'> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, this.consumers.raised, eventId))) return 'duplicate';
      await manager.query(
        `INSERT INTO ${this.open}
           (alert_id, customer_id, trigger_id, severity, suggested_strategy, raised_at, deadline)
         SELECT $1, $2, $3, $4, $5, $6, $7
         WHERE NOT EXISTS (SELECT 1 FROM ${this.closed} WHERE alert_id = $1)
         ON CONFLICT (alert_id) DO NOTHING`,
        [
          alert.alertId,
          alert.customerId,
          alert.triggerId,
          alert.severity,
          alert.suggestedStrategy,
          alert.raisedAt,
          alert.deadline,
        ],
      );
      return 'recorded';
    });
  }

  async close(eventId: string, alert: ClosedAlert): Promise<'closed' | 'duplicate'> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, this.consumers.statusChanged, eventId))) return 'duplicate';
      // A final status is final: the first close recorded stays (resolved and expired exclude
      // each other upstream, so a second one can only be a copy).
      await manager.query(
        `INSERT INTO ${this.closed} (alert_id, customer_id, status, closed_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (alert_id) DO NOTHING`,
        [alert.alertId, alert.customerId, alert.status, alert.closedAt],
      );
      await manager.query(`DELETE FROM ${this.open} WHERE alert_id = $1`, [alert.alertId]);
      return 'closed';
    });
  }

  async openAlertsOf(customerId: string): Promise<OpenAlert[]> {
    const rows = (await this.dataSource.query(
      `SELECT o.alert_id, o.customer_id, o.trigger_id, o.severity, o.suggested_strategy,
              o.raised_at, o.deadline
       FROM ${this.open} o
       WHERE o.customer_id = $1
         AND NOT EXISTS (SELECT 1 FROM ${this.closed} c WHERE c.alert_id = o.alert_id)
       ORDER BY o.raised_at DESC
       LIMIT $2`,
      [customerId, MAX_OPEN_ALERTS],
    )) as OpenAlertRow[];
    // The column is text: a value outside the contract would be a bug upstream, so fail loudly.
    return rows.map((row) => ({
      alertId: row.alert_id,
      customerId: row.customer_id,
      triggerId: row.trigger_id,
      severity: severitySchema.parse(row.severity),
      suggestedStrategy: row.suggested_strategy,
      raisedAt: row.raised_at,
      deadline: row.deadline,
    }));
  }
}
