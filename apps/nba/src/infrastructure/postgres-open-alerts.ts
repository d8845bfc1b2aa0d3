import { severitySchema } from '@cip/contracts';
import type { OpenAlert, OpenAlertReader, OpenAlertRecorder } from '@cip/nba-domain';
import { claimEvent, OpenAlertEntity } from '@cip/persistence';
import type { DataSource } from 'typeorm';

/** Open alerts a customer can have at once that one decision looks at; the newest win. */
const MAX_OPEN_ALERTS = 50;

/** nba.open_alert plus the inbox, in nba's own schema. */
export class PostgresOpenAlerts implements OpenAlertRecorder, OpenAlertReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {}

  async record(eventId: string, alert: OpenAlert): Promise<'recorded' | 'duplicate'> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, this.consumer, eventId))) return 'duplicate';
      await manager
        .createQueryBuilder()
        .insert()
        .into(OpenAlertEntity)
        .values(alert)
        .orIgnore()
        .execute();
      return 'recorded';
    });
  }

  async openAlertsOf(customerId: string): Promise<OpenAlert[]> {
    const rows = await this.dataSource
      .getRepository(OpenAlertEntity)
      .find({ where: { customerId }, order: { raisedAt: 'DESC' }, take: MAX_OPEN_ALERTS });
    // The column is text: a value outside the contract would be a bug upstream, so fail loudly.
    return rows.map((row) => ({ ...row, severity: severitySchema.parse(row.severity) }));
  }
}
