import { SegmentDefinitionEntity } from '@cip/persistence';
import type { SegmentDefinitionSource, StoredSegmentDefinition } from '@cip/segmentation-domain';
import type { DataSource } from 'typeorm';

export class PostgresDefinitionSource implements SegmentDefinitionSource {
  constructor(private readonly dataSource: DataSource) {}

  async loadActive(): Promise<StoredSegmentDefinition[]> {
    const rows = await this.dataSource
      .getRepository(SegmentDefinitionEntity)
      .find({ where: { status: 'active' }, order: { id: 'ASC' } });
    return rows.map(toStored);
  }

  async loadAll(): Promise<StoredSegmentDefinition[]> {
    const rows = await this.dataSource
      .getRepository(SegmentDefinitionEntity)
      .find({ order: { id: 'ASC', version: 'DESC' } });
    return rows.map(toStored);
  }
}

function toStored(row: SegmentDefinitionEntity): StoredSegmentDefinition {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    name: row.name,
    description: row.description,
    owner: row.owner,
    strategy: row.strategy,
    rule: row.condition,
  };
}
