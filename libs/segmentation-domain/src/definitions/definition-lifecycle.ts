import { SegmentationError } from './segment-definition';

/** A version's place in its definition's life; `superseded` = was active, replaced by another. */
export type DefinitionVersionStatus = 'draft' | 'active' | 'superseded' | 'retired';

export interface VersionStatus {
  version: number;
  status: DefinitionVersionStatus;
}

export const DEFINITION_ERROR_CODES = {
  invalidDefinition: 'INVALID_DEFINITION',
  segmentCycle: 'SEGMENT_CYCLE',
  definitionNotFound: 'SEGMENT_DEFINITION_NOT_FOUND',
  versionNotFound: 'SEGMENT_VERSION_NOT_FOUND',
  definitionExists: 'SEGMENT_DEFINITION_EXISTS',
  notActive: 'SEGMENT_NOT_ACTIVE',
  segmentInUse: 'SEGMENT_IN_USE',
  packNotFound: 'SEGMENT_PACK_NOT_FOUND',
  jobNotFound: 'BACKFILL_JOB_NOT_FOUND',
  segmentNotFound: 'SEGMENT_NOT_FOUND',
} as const;

/**
 * Where an edit goes: the latest version while it is still a draft (drafts are scratch space),
 * otherwise a new draft version, so a version that was ever active never changes.
 */
export function planEdit(versions: readonly VersionStatus[]): {
  kind: 'update-draft' | 'new-version';
  version: number;
} {
  const latest = latestOf(versions);
  if (!latest) throw notFound();
  return latest.status === 'draft'
    ? { kind: 'update-draft', version: latest.version }
    : { kind: 'new-version', version: latest.version + 1 };
}

export type ActivationPlan =
  | { kind: 'already-active' }
  | {
      kind: 'activate';
      /** The version it replaces, if one was active (the job is then an `edit`). */
      supersedes: number | null;
      jobKind: 'activate' | 'edit';
    };

/**
 * Any version that is not active can be activated: a draft, or an older version again (a
 * rollback). Activating the active version again changes nothing (idempotent).
 */
export function planActivation(versions: readonly VersionStatus[], target: number): ActivationPlan {
  if (versions.length === 0) throw notFound();
  const wanted = versions.find((v) => v.version === target);
  if (!wanted)
    throw new SegmentationError(
      DEFINITION_ERROR_CODES.versionNotFound,
      `no version ${target} of this segment definition`,
    );
  if (wanted.status === 'active') return { kind: 'already-active' };
  const active = versions.find((v) => v.status === 'active');
  return active
    ? { kind: 'activate', supersedes: active.version, jobKind: 'edit' }
    : { kind: 'activate', supersedes: null, jobKind: 'activate' };
}

export type RetirementPlan = { kind: 'already-retired' } | { kind: 'retire'; version: number };

/** Retires the active version; retiring again is a no-op, retiring a never-active one is refused. */
export function planRetirement(versions: readonly VersionStatus[]): RetirementPlan {
  if (versions.length === 0) throw notFound();
  const active = versions.find((v) => v.status === 'active');
  if (active) return { kind: 'retire', version: active.version };
  if (versions.some((v) => v.status === 'retired')) return { kind: 'already-retired' };
  throw new SegmentationError(
    DEFINITION_ERROR_CODES.notActive,
    'only an active segment definition can be retired',
  );
}

/** The status of a definition as a whole: its active version's, else its latest version's. */
export function definitionStatus(versions: readonly VersionStatus[]): DefinitionVersionStatus {
  if (versions.some((v) => v.status === 'active')) return 'active';
  if (versions.some((v) => v.status === 'retired')) return 'retired';
  return latestOf(versions)?.status ?? 'draft';
}

function latestOf(versions: readonly VersionStatus[]): VersionStatus | undefined {
  return versions.reduce<VersionStatus | undefined>(
    (latest, v) => (!latest || v.version > latest.version ? v : latest),
    undefined,
  );
}

function notFound(): SegmentationError {
  return new SegmentationError(
    DEFINITION_ERROR_CODES.definitionNotFound,
    'no such segment definition',
  );
}
