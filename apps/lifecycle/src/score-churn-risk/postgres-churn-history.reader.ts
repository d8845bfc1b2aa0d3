import type { ContactEvent } from '@cip/contracts';
import type { StoredCustomerHistory } from '@cip/churn-model';
import { ChurnEventHistoryEntity, qualifiedTableName } from '@cip/persistence';
import type { DataSource } from 'typeorm';

/** Reads churn_event_history customer by customer, in batches, for training. */
export class PostgresChurnHistoryReader {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = qualifiedTableName(dataSource, ChurnEventHistoryEntity);
  }

  /** The latest event time in the store: the end of the observed history. */
  async observedUntil(): Promise<Date | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT max(occurred_at) AS latest FROM ${this.table}`,
    )) as Array<{ latest: Date | null }>;
    return row?.latest ?? undefined;
  }

  /** Every customer's history, `batchSize` customers per query (keyset paging on the id). */
  async *histories(batchSize = 500): AsyncGenerator<StoredCustomerHistory> {
    let after = '';
    for (;;) {
      const ids = (
        (await this.dataSource.query(
          `SELECT DISTINCT customer_id FROM ${this.table}
           WHERE customer_id > $1 ORDER BY customer_id LIMIT $2`,
          [after, batchSize],
        )) as Array<{ customer_id: string }>
      ).map((row) => row.customer_id);
      if (ids.length === 0) return;
      const rows = (await this.dataSource.query(
        `SELECT customer_id, event FROM ${this.table}
         WHERE customer_id = ANY($1::text[]) ORDER BY customer_id, occurred_at, event_id`,
        [ids],
      )) as Array<{ customer_id: string; event: ContactEvent }>;
      const byCustomer = new Map<string, ContactEvent[]>(ids.map((id) => [id, []]));
      for (const row of rows) byCustomer.get(row.customer_id)?.push(row.event);
      for (const [customerId, events] of byCustomer) yield { customerId, events };
      after = ids.at(-1) as string;
    }
  }
}
