import { AlertEntity, claimEvent, ProcessedEventEntity } from '@cip/persistence';
import type {
  AlertRecord,
  AlertRecorder,
  FiredTrigger,
  ProcessedEvents,
} from '@cip/lifecycle-domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** The inbox and the alert table of lifecycle's own schema. */
export class PostgresAlertRecords implements ProcessedEvents, AlertRecorder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {}

  isProcessed(eventId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(ProcessedEventEntity)
      .exists({ where: { consumer: this.consumer, eventId } });
  }

  async record(causingEventId: string, fired: readonly FiredTrigger[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await claimEvent(manager, this.consumer, causingEventId);
      await insertAlerts(manager, fired);
    });
  }
}

/** Inserts the alerts of `fired` inside the caller's transaction; existing ids are left as they are. */
export async function insertAlerts(
  manager: EntityManager,
  fired: readonly FiredTrigger[],
): Promise<void> {
  const alerts = fired.flatMap((f) => (f.alert ? [toEntity(f.alert.record)] : []));
  if (alerts.length === 0) return;
  // Deterministic alert ids: a row written by an earlier, interrupted attempt stays as it was.
  await manager
    .createQueryBuilder()
    .insert()
    .into(AlertEntity)
    .values(alerts as QueryDeepPartialEntity<AlertEntity>[]) // jsonb Record<string, unknown> trips TypeORM's deep-partial type
    .orIgnore()
    .execute();
}

function toEntity(alert: AlertRecord): AlertEntity {
  const entity = new AlertEntity();
  entity.alertId = alert.alertId;
  entity.customerId = alert.customerId;
  entity.triggerId = alert.triggerId;
  entity.severity = alert.severity;
  entity.status = 'open';
  entity.reason = alert.reason;
  entity.evidence = alert.evidence;
  entity.suggestedStrategy = alert.suggestedStrategy;
  entity.valueTier = alert.valueTier;
  entity.raisedAt = alert.raisedAt;
  entity.deadline = alert.deadline;
  entity.causedByEventId = alert.causedByEventId;
  return entity;
}
