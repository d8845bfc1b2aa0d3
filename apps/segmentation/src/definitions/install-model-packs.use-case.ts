import {
  DEFINITION_ERROR_CODES,
  MODEL_PACKS,
  SegmentationError,
  type ModelPackId,
  type PackDefinition,
} from '@cip/segmentation-domain';
import type { DataSource } from 'typeorm';
import type { BackfillJobRow } from '../backfill/backfill-job.view';
import type { PostgresBackfillJobs } from '../backfill/postgres-backfill-jobs';
import type { PostgresSegmentDefinitionsStore } from './postgres-segment-definitions.store';

export interface PackInstallation {
  packs: string[];
  definitions: Array<{ id: string; created: boolean; activated: boolean }>;
  /** One job re-evaluating everyone for all the definitions activated; null if none was. */
  job: BackfillJobRow | null;
}

export interface PackSummary {
  id: string;
  description: string;
  definitions: Array<{ id: string; name: string; strategy: string }>;
}

export function isModelPack(id: string): id is ModelPackId {
  return Object.hasOwn(MODEL_PACKS, id);
}

export function listModelPacks(): PackSummary[] {
  return (Object.keys(MODEL_PACKS) as ModelPackId[]).map((id) => ({
    id,
    description: MODEL_PACKS[id].description,
    definitions: MODEL_PACKS[id]
      .build()
      .map((d) => ({ id: d.id, name: d.name, strategy: d.strategy })),
  }));
}

/**
 * Installs built-in packs as ordinary definitions (version 1, owner `model-pack:<pack>`), which
 * are then edited like any other. Idempotent: an id that exists is left as it is (edits are
 * kept), and with `activate` only definitions never activated nor retired are activated, all
 * in one transaction with one backfill job.
 */
export class InstallModelPacksUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly definitions: PostgresSegmentDefinitionsStore,
    private readonly jobs: PostgresBackfillJobs,
  ) {}

  async install(
    packIds: readonly string[],
    options: { activate: boolean; actor: string },
  ): Promise<PackInstallation> {
    const unknown = packIds.filter((id) => !isModelPack(id));
    if (unknown.length > 0)
      throw new SegmentationError(
        DEFINITION_ERROR_CODES.packNotFound,
        `no model pack ${unknown.join(', ')}`,
        { packs: unknown },
      );
    const built: PackDefinition[] = packIds.flatMap((id) => MODEL_PACKS[id as ModelPackId].build());
    return this.dataSource.transaction(async (manager) => {
      const created = new Set<string>();
      for (const definition of built) {
        const { id, name, description, owner, strategy, condition, pack } = definition;
        const draft = { name, description, owner, strategy, condition, pack };
        if (await this.definitions.createIfAbsent(manager, id, draft, options.actor))
          created.add(id);
      }
      let activated: string[] = [];
      let job: BackfillJobRow | null = null;
      if (options.activate) {
        const ids = built.map((d) => d.id);
        const untouched = (await manager.query(
          `SELECT id, max(version) AS version FROM segment_definition
            WHERE id = ANY($1)
            GROUP BY id
           HAVING bool_and(status = 'draft')`,
          [ids],
        )) as Array<{ id: string; version: number }>;
        activated = await this.definitions.activateMany(manager, untouched, options.actor);
        if (activated.length > 0)
          job = await this.jobs.enqueue(manager, {
            scope: packIds.length === 1 ? `pack:${packIds[0]!}` : 'pack:*',
            segmentId: null,
            version: null,
            kind: 'activate',
            createdBy: options.actor,
          });
      }
      const activatedIds = new Set(activated);
      return {
        packs: [...packIds],
        definitions: built.map((d) => ({
          id: d.id,
          created: created.has(d.id),
          activated: activatedIds.has(d.id),
        })),
        job,
      };
    });
  }
}
