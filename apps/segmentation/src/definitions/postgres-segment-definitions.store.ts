import {
  DEFINITION_ERROR_CODES,
  definitionStatus,
  draftCycleIssues,
  planActivation,
  planEdit,
  planRetirement,
  segmentReferences,
  SegmentationError,
  validateCondition,
  type ActivationPlan,
  type DefinitionDraft,
  type DefinitionVersionStatus,
  type SegmentCondition,
} from '@cip/segmentation-domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { BackfillJobRow } from '../backfill/backfill-job.view';
import type { PostgresBackfillJobs } from '../backfill/postgres-backfill-jobs';
import {
  versionView,
  type DefinitionVersionView,
  type DefinitionView,
} from './segment-definition.view';

export interface DefinitionFilter {
  status?: DefinitionVersionStatus | undefined;
  pack?: string | undefined;
  owner?: string | undefined;
}

export interface StatusChange {
  definition: DefinitionView;
  /** The job re-evaluating everyone (the existing one when nothing changed). */
  job: BackfillJobRow | null;
  /** False when the call changed nothing (already active / already retired). */
  changed: boolean;
}

/**
 * Changes of a definition's status take one transaction-scoped advisory lock: cycle checks need
 * the whole active set to stand still, and status changes are rare, so serialising them all is
 * cheap and rules out two concurrent activations closing a cycle neither saw.
 */
const STATUS_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('segmentation.segment-definitions'))`;

/** Segment definitions and their versions (Postgres). */
export class PostgresSegmentDefinitionsStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: PostgresBackfillJobs,
  ) {}

  /** A new definition: its segment row (stable code) and version 1 as a draft. */
  async create(id: string, draft: DefinitionDraft, actor: string): Promise<DefinitionView> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertNoDraftCycle(manager, id, draft);
      const inserted = (await manager.query(
        `INSERT INTO segment (id) VALUES ($1) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id],
      )) as unknown[];
      if (inserted.length === 0)
        throw new SegmentationError(
          DEFINITION_ERROR_CODES.definitionExists,
          `segment definition ${id} exists; add a version instead`,
          { segmentId: id },
        );
      await insertVersion(manager, id, 1, draft, actor);
      return (await this.load(manager, id))!;
    });
  }

  /** Edits the latest draft, or adds a draft version after an active/superseded/retired one. */
  async edit(
    id: string,
    draft: DefinitionDraft,
    actor: string,
  ): Promise<{ definition: DefinitionView; version: number; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const versions = await lockVersions(manager, id);
      const plan = planEdit(versions);
      await this.assertNoDraftCycle(manager, id, draft);
      if (plan.kind === 'update-draft') {
        await manager.query(
          `UPDATE segment_definition
              SET name = $3, description = $4, owner = $5, strategy = $6, condition = $7::jsonb,
                  pack = coalesce($8, pack), changed_by = $9, updated_at = now()
            WHERE id = $1 AND version = $2 AND status = 'draft'`,
          [id, plan.version, ...draftParams(draft), actor],
        );
      } else {
        // The pack a definition came from is provenance: an edit that does not name one keeps it.
        const [previous] = (await manager.query(
          `SELECT pack FROM segment_definition WHERE id = $1 AND version = $2`,
          [id, plan.version - 1],
        )) as Array<{ pack: string | null }>;
        await insertVersion(
          manager,
          id,
          plan.version,
          { ...draft, pack: draft.pack ?? previous?.pack ?? null },
          actor,
        );
      }
      return {
        definition: (await this.load(manager, id))!,
        version: plan.version,
        created: plan.kind === 'new-version',
      };
    });
  }

  async get(id: string): Promise<DefinitionView | undefined> {
    return this.load(this.dataSource.manager, id);
  }

  async version(id: string, version: number): Promise<DefinitionVersionView | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM segment_definition WHERE id = $1 AND version = $2`,
      [id, version],
    )) as Array<Record<string, unknown>>;
    return rows[0] ? versionView(rows[0]) : undefined;
  }

  async codeOf(id: string): Promise<number | undefined> {
    const rows = (await this.dataSource.query(`SELECT code FROM segment WHERE id = $1`, [
      id,
    ])) as Array<{ code: number }>;
    return rows[0]?.code;
  }

  /** Definitions (every version), filtered on the definition's status, pack and owner. */
  async list(filter: DefinitionFilter): Promise<DefinitionView[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.*, s.code FROM segment_definition d JOIN segment s ON s.id = d.id
        WHERE ($1::text IS NULL OR d.id IN (SELECT id FROM segment_definition WHERE pack = $1))
          AND ($2::text IS NULL OR d.id IN (SELECT id FROM segment_definition WHERE owner = $2))
        ORDER BY d.id, d.version DESC`,
      [filter.pack ?? null, filter.owner ?? null],
    )) as Array<Record<string, unknown>>;
    return groupDefinitions(rows).filter(
      (definition) => filter.status === undefined || definition.status === filter.status,
    );
  }

  /**
   * Activates a version and enqueues the backfill that re-evaluates everyone, in one transaction.
   * Activating the active version again changes nothing and answers with its latest job.
   */
  async activate(id: string, version: number, actor: string): Promise<StatusChange> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(STATUS_LOCK_SQL);
      const plan = planActivation(await lockVersions(manager, id), version);
      if (plan.kind === 'already-active') {
        return {
          definition: (await this.load(manager, id))!,
          job: (await this.jobs.latestOf(manager, id)) ?? null,
          changed: false,
        };
      }
      await this.assertActivatable(manager, [{ id, version }]);
      await applyActivation(manager, id, version, plan, actor);
      const job = await this.jobs.enqueue(manager, {
        scope: id,
        segmentId: id,
        version,
        kind: plan.jobKind,
        createdBy: actor,
      });
      return { definition: (await this.load(manager, id))!, job, changed: true };
    });
  }

  /**
   * Activates several definitions at once (a pack) with one backfill for all of them; those
   * already active are left alone. Returns the ids activated (none: no job).
   */
  async activateMany(
    manager: EntityManager,
    targets: ReadonlyArray<{ id: string; version: number }>,
    actor: string,
  ): Promise<string[]> {
    await manager.query(STATUS_LOCK_SQL);
    const planned: Array<{
      id: string;
      version: number;
      plan: Extract<ActivationPlan, { kind: 'activate' }>;
    }> = [];
    for (const target of targets) {
      const plan = planActivation(await lockVersions(manager, target.id), target.version);
      if (plan.kind === 'activate') planned.push({ ...target, plan });
    }
    if (planned.length === 0) return [];
    await this.assertActivatable(manager, planned);
    for (const { id, version, plan } of planned)
      await applyActivation(manager, id, version, plan, actor);
    return planned.map((p) => p.id);
  }

  /** Retires the active version and enqueues the backfill that closes every membership. */
  async retire(id: string, actor: string): Promise<StatusChange> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(STATUS_LOCK_SQL);
      const plan = planRetirement(await lockVersions(manager, id));
      if (plan.kind === 'already-retired') {
        return {
          definition: (await this.load(manager, id))!,
          job: (await this.jobs.latestOf(manager, id)) ?? null,
          changed: false,
        };
      }
      const dependents = (await activeConditions(manager)).filter(
        (segment) =>
          segment.id !== id &&
          segmentReferences(segment.condition).some((ref) => ref.segmentId === id),
      );
      if (dependents.length > 0)
        throw new SegmentationError(
          DEFINITION_ERROR_CODES.segmentInUse,
          `active segments reference ${id}: ${dependents.map((d) => d.id).join(', ')}`,
          { segmentId: id, referencedBy: dependents.map((d) => d.id) },
        );
      await manager.query(
        `UPDATE segment_definition
            SET status = 'retired', retired_at = now(), changed_by = $3, updated_at = now()
          WHERE id = $1 AND version = $2`,
        [id, plan.version, actor],
      );
      const job = await this.jobs.enqueue(manager, {
        scope: id,
        segmentId: id,
        version: plan.version,
        kind: 'retire',
        createdBy: actor,
      });
      return { definition: (await this.load(manager, id))!, job, changed: true };
    });
  }

  /** Inserts a definition that does not exist yet (pack install); false if the id is taken. */
  async createIfAbsent(
    manager: EntityManager,
    id: string,
    draft: DefinitionDraft,
    actor: string,
  ): Promise<boolean> {
    const inserted = (await manager.query(
      `INSERT INTO segment (id) VALUES ($1) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id],
    )) as unknown[];
    if (inserted.length === 0) return false;
    await insertVersion(manager, id, 1, draft, actor);
    return true;
  }

  /** Latest version of each of these ids. */
  async latestVersions(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, number>> {
    const rows = (await manager.query(
      `SELECT id, max(version) AS version FROM segment_definition WHERE id = ANY($1) GROUP BY id`,
      [ids],
    )) as Array<{ id: string; version: number }>;
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  private async assertNoDraftCycle(
    manager: EntityManager,
    id: string,
    draft: DefinitionDraft,
  ): Promise<void> {
    const issues = draftCycleIssues(
      { id, condition: draft.condition },
      (await activeConditions(manager)).filter((s) => s.id !== id),
    );
    if (issues.length > 0)
      throw new SegmentationError(DEFINITION_ERROR_CODES.segmentCycle, issues[0]!.message, {
        issues,
      });
  }

  /** The versions to activate replace their ids' active ones; none may close a cycle. */
  private async assertActivatable(
    manager: EntityManager,
    targets: ReadonlyArray<{ id: string; version: number }>,
  ): Promise<void> {
    const incoming = new Map<string, SegmentCondition>();
    for (const { id, version } of targets) {
      const rows = (await manager.query(
        `SELECT condition FROM segment_definition WHERE id = $1 AND version = $2`,
        [id, version],
      )) as Array<{ condition: unknown }>;
      const parsed = validateCondition(rows[0]?.condition);
      if (!parsed.ok)
        throw new SegmentationError(
          DEFINITION_ERROR_CODES.invalidDefinition,
          `version ${version} of ${id} has an invalid condition`,
          { issues: parsed.issues.map((i) => ({ ...i, path: `/condition${i.path}` })) },
        );
      incoming.set(id, { id, condition: parsed.condition });
    }
    const others = (await activeConditions(manager)).filter((s) => !incoming.has(s.id));
    for (const segment of incoming.values()) {
      const rest = [...others, ...[...incoming.values()].filter((s) => s.id !== segment.id)];
      const issues = draftCycleIssues(segment, rest);
      if (issues.length > 0)
        throw new SegmentationError(DEFINITION_ERROR_CODES.segmentCycle, issues[0]!.message, {
          segmentId: segment.id,
          issues,
        });
    }
  }

  private async load(manager: EntityManager, id: string): Promise<DefinitionView | undefined> {
    const rows = (await manager.query(
      `SELECT d.*, s.code FROM segment_definition d JOIN segment s ON s.id = d.id
        WHERE d.id = $1 ORDER BY d.version DESC`,
      [id],
    )) as Array<Record<string, unknown>>;
    return groupDefinitions(rows)[0];
  }
}

async function lockVersions(
  manager: EntityManager,
  id: string,
): Promise<Array<{ version: number; status: DefinitionVersionStatus }>> {
  return (await manager.query(
    `SELECT version, status FROM segment_definition WHERE id = $1 ORDER BY version FOR UPDATE`,
    [id],
  )) as Array<{ version: number; status: DefinitionVersionStatus }>;
}

async function applyActivation(
  manager: EntityManager,
  id: string,
  version: number,
  plan: Extract<ActivationPlan, { kind: 'activate' }>,
  actor: string,
): Promise<void> {
  // Supersede first: at most one active version per id (partial unique index).
  if (plan.supersedes !== null)
    await manager.query(
      `UPDATE segment_definition SET status = 'superseded', changed_by = $3, updated_at = now()
        WHERE id = $1 AND version = $2`,
      [id, plan.supersedes, actor],
    );
  await manager.query(
    `UPDATE segment_definition
        SET status = 'active', activated_at = now(), retired_at = NULL, changed_by = $3,
            updated_at = now()
      WHERE id = $1 AND version = $2`,
    [id, version, actor],
  );
}

/** The active set's conditions that validate (a bad stored one cannot be part of a cycle). */
async function activeConditions(manager: EntityManager): Promise<SegmentCondition[]> {
  const rows = (await manager.query(
    `SELECT id, condition FROM segment_definition WHERE status = 'active'`,
  )) as Array<{ id: string; condition: unknown }>;
  return rows.flatMap((row) => {
    const parsed = validateCondition(row.condition);
    return parsed.ok ? [{ id: row.id, condition: parsed.condition }] : [];
  });
}

async function insertVersion(
  manager: EntityManager,
  id: string,
  version: number,
  draft: DefinitionDraft,
  actor: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO segment_definition
       (id, version, status, name, description, owner, strategy, condition, pack, created_by)
     VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7::jsonb, $8, $9)`,
    [id, version, ...draftParams(draft), actor],
  );
}

function draftParams(draft: DefinitionDraft): unknown[] {
  return [
    draft.name,
    draft.description,
    draft.owner,
    draft.strategy,
    JSON.stringify(draft.condition),
    draft.pack,
  ];
}

/** Rows ordered by id, version desc → one view per id. */
function groupDefinitions(rows: ReadonlyArray<Record<string, unknown>>): DefinitionView[] {
  const byId = new Map<string, { code: number; versions: DefinitionVersionView[] }>();
  for (const row of rows) {
    const id = row['id'] as string;
    const entry = byId.get(id) ?? { code: row['code'] as number, versions: [] };
    entry.versions.push(versionView(row));
    byId.set(id, entry);
  }
  return [...byId.entries()].map(([id, { code, versions }]) => ({
    id,
    code,
    status: definitionStatus(versions),
    activeVersion: versions.find((v) => v.status === 'active')?.version ?? null,
    latestVersion: Math.max(...versions.map((v) => v.version)),
    versions,
  }));
}
