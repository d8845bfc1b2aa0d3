import {
  churnModelArtefactSchema,
  churnRiskBandCutsSchema,
  type ChurnModelArtefact,
  type ChurnRiskBandCuts,
} from '@cip/churn-model';
import type { ActiveChurnModel } from '@cip/lifecycle-domain';
import { ChurnModelEntity, qualifiedTableName } from '@cip/persistence';
import type { DataSource } from 'typeorm';

export interface NewChurnModelVersion {
  artefact: ChurnModelArtefact;
  bandCuts: ChurnRiskBandCuts;
  activate: boolean;
}

/** Model versions in churn_model: insert a trained one, optionally make it the active one. */
export class PostgresChurnModelRepository {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = qualifiedTableName(dataSource, ChurnModelEntity);
  }

  async save(version: NewChurnModelVersion): Promise<void> {
    const { artefact } = version;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO ${this.table} (version, trained_at, metrics, artefact, band_cuts, active)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, false)`,
        [
          artefact.modelVersion,
          artefact.trainedAt,
          JSON.stringify(artefact.metrics),
          JSON.stringify(artefact),
          JSON.stringify(version.bandCuts),
        ],
      );
      if (!version.activate) return;
      // One active row (partial unique index): switch off the old one first, in one transaction.
      await manager.query(`UPDATE ${this.table} SET active = false WHERE active`);
      await manager.query(`UPDATE ${this.table} SET active = true WHERE version = $1`, [
        artefact.modelVersion,
      ]);
    });
  }

  /** The active version, validated; throws if the stored row is not a usable model. */
  async loadActive(): Promise<ActiveChurnModel | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT version, artefact, band_cuts FROM ${this.table} WHERE active`,
    )) as Array<{ version: string; artefact: unknown; band_cuts: unknown }>;
    if (!row) return undefined;
    return {
      version: row.version,
      artefact: churnModelArtefactSchema.parse(row.artefact),
      bandCuts: churnRiskBandCutsSchema.parse(row.band_cuts),
    };
  }
}
