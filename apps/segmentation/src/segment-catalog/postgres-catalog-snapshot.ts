import type { CatalogSnapshot, StoredActiveSegment } from '@cip/segmentation-domain';
import type { DataSource } from 'typeorm';

/**
 * Reads what the catalog is built from in one snapshot (REPEATABLE READ), so an activation
 * committing meanwhile is seen whole or not at all: never a segment both active and retired.
 */
export async function loadCatalogSnapshot(dataSource: DataSource): Promise<CatalogSnapshot> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const active = (await manager.query(
      `SELECT d.id, d.version, s.code, d.name, d.strategy, d.condition
         FROM segment_definition d JOIN segment s ON s.id = d.id
        WHERE d.status = 'active'
        ORDER BY d.id`,
    )) as StoredActiveSegment[];
    // Retired = some version was retired and none is active now: memberships must be closed.
    const retired = (await manager.query(
      `SELECT DISTINCT d.id, s.code FROM segment_definition d JOIN segment s ON s.id = d.id
        WHERE d.status = 'retired'
          AND NOT EXISTS (SELECT 1 FROM segment_definition a WHERE a.id = d.id AND a.status = 'active')
        ORDER BY d.id`,
    )) as Array<{ id: string; code: number }>;
    const tables = (await manager.query(`SELECT name, cuts FROM quantile_table`)) as Array<{
      name: string;
      cuts: number[];
    }>;
    return {
      active,
      retiredIds: retired.map((r) => r.id),
      retiredCodes: Object.fromEntries(retired.map((r) => [r.id, r.code])),
      quantiles: Object.fromEntries(tables.map((t) => [t.name, t.cuts])),
    };
  });
}
