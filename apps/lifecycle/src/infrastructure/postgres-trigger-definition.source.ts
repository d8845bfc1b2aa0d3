import { TriggerDefinitionEntity } from '@cip/persistence';
import type { StoredTriggerDefinition, TriggerDefinitionSource } from '@cip/lifecycle-domain';
import type { DataSource } from 'typeorm';

export class PostgresTriggerDefinitionSource implements TriggerDefinitionSource {
  constructor(private readonly dataSource: DataSource) {}

  async loadEnabled(): Promise<StoredTriggerDefinition[]> {
    const rows = await this.dataSource
      .getRepository(TriggerDefinitionEntity)
      .find({ where: { enabled: true }, order: { id: 'ASC' } });
    return rows.map((row) => ({
      id: row.id,
      programme: row.programme,
      description: row.description,
      condition: row.condition,
      cooldownSeconds: row.cooldownSeconds,
      severityRule: row.severityRule,
      deadlineHours: row.deadlineHours,
      suggestedStrategy: row.suggestedStrategy,
      enabled: row.enabled,
    }));
  }
}
