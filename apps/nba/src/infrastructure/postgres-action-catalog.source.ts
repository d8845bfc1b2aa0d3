import type { ActionCatalogSource } from '@cip/nba-domain';
import { ActionCatalogEntity } from '@cip/persistence';
import type { DataSource } from 'typeorm';

export class PostgresActionCatalogSource implements ActionCatalogSource {
  constructor(private readonly dataSource: DataSource) {}

  async loadEnabled(): Promise<unknown[]> {
    const rows = await this.dataSource
      .getRepository(ActionCatalogEntity)
      .find({ where: { enabled: true }, order: { priority: 'DESC', actionId: 'ASC' } });
    return rows.map((row) => ({ ...row }));
  }
}
