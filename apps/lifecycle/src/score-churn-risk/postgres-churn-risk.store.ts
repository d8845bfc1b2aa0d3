import type { ContactEvent } from '@cip/contracts';
import type { ChurnRiskBand, ReasonCode } from '@cip/churn-model';
import type { ChurnRiskChange, ChurnRiskStore, ChurnScore } from '@cip/lifecycle-domain';
import {
  ChurnEventHistoryEntity,
  ChurnScoreEntity,
  claimEvent,
  ProcessedEventEntity,
  qualifiedTableName,
} from '@cip/persistence';
import type { DataSource } from 'typeorm';
import { insertAlerts } from '../infrastructure/postgres-alert.records';

interface ScoreRow {
  customer_id: string;
  probability: number;
  band: ChurnRiskBand;
  model_version: string;
  reasons: ReasonCode[];
  as_of: Date;
  event_id: string;
}

/** churn_event_history, churn_score, the alert table and the inbox of lifecycle's schema. */
export class PostgresChurnRiskStore implements ChurnRiskStore {
  private readonly history: string;
  private readonly scores: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
  ) {
    this.history = qualifiedTableName(dataSource, ChurnEventHistoryEntity);
    this.scores = qualifiedTableName(dataSource, ChurnScoreEntity);
  }

  isProcessed(eventId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(ProcessedEventEntity)
      .exists({ where: { consumer: this.consumer, eventId } });
  }

  async historyOf(customerId: string): Promise<ContactEvent[]> {
    const rows = (await this.dataSource.query(
      `SELECT event FROM ${this.history} WHERE customer_id = $1 ORDER BY occurred_at, event_id`,
      [customerId],
    )) as Array<{ event: ContactEvent }>;
    // Stored only after the contract validated them; re-parsing hundreds per event buys nothing.
    return rows.map((row) => row.event);
  }

  async latestScore(customerId: string): Promise<ChurnScore | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT * FROM ${this.scores} WHERE customer_id = $1`,
      [customerId],
    )) as ScoreRow[];
    return row ? toScore(row) : undefined;
  }

  async record(change: ChurnRiskChange): Promise<void> {
    const { event, score } = change;
    await this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, this.consumer, event.eventId))) return;
      await manager.query(
        `INSERT INTO ${this.history} (customer_id, event_id, occurred_at, event)
         SELECT $1, $2, $3, $4::jsonb WHERE $3::timestamptz >= $5::timestamptz
         ON CONFLICT DO NOTHING`,
        [
          event.customerId,
          event.eventId,
          event.occurredAt,
          JSON.stringify(event),
          change.pruneBefore,
        ],
      );
      await manager.query(
        `DELETE FROM ${this.history} WHERE customer_id = $1 AND occurred_at < $2`,
        [event.customerId, change.pruneBefore],
      );
      if (score) {
        // Versioned by history time: a late, older event never replaces a newer score.
        await manager.query(
          `INSERT INTO ${this.scores}
             (customer_id, probability, band, model_version, reasons, as_of, event_id, updated_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, now())
           ON CONFLICT (customer_id) DO UPDATE SET
             probability = EXCLUDED.probability, band = EXCLUDED.band,
             model_version = EXCLUDED.model_version, reasons = EXCLUDED.reasons,
             as_of = EXCLUDED.as_of, event_id = EXCLUDED.event_id, updated_at = now()
           WHERE ${this.scores}.as_of <= EXCLUDED.as_of`,
          [
            score.customerId,
            score.probability,
            score.band,
            score.modelVersion,
            JSON.stringify(score.reasons),
            score.asOf,
            score.eventId,
          ],
        );
      }
      await insertAlerts(manager, change.fired);
    });
  }
}

function toScore(row: ScoreRow): ChurnScore {
  return {
    customerId: row.customer_id,
    probability: row.probability,
    band: row.band,
    modelVersion: row.model_version,
    reasons: row.reasons,
    asOf: row.as_of,
    eventId: row.event_id,
  };
}
