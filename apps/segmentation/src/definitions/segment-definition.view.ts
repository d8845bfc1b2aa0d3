import type { DefinitionVersionStatus } from '@cip/segmentation-domain';

/** One version of a definition as the API shows it. */
export interface DefinitionVersionView {
  id: string;
  version: number;
  status: DefinitionVersionStatus;
  name: string;
  description: string;
  owner: string;
  strategy: string;
  /** As stored: first-form rules (the seeded definition) are shown as written. */
  condition: unknown;
  pack: string | null;
  createdBy: string;
  createdAt: string;
  changedBy: string | null;
  updatedAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

/** A definition with every version, newest first. */
export interface DefinitionView {
  id: string;
  /** The segment's stable code (its membership bitmap). */
  code: number;
  status: DefinitionVersionStatus;
  activeVersion: number | null;
  latestVersion: number;
  versions: DefinitionVersionView[];
}

export function versionView(raw: Record<string, unknown>): DefinitionVersionView {
  const iso = (value: unknown): string | null =>
    value instanceof Date ? value.toISOString() : null;
  return {
    id: raw['id'] as string,
    version: raw['version'] as number,
    status: raw['status'] as DefinitionVersionStatus,
    name: raw['name'] as string,
    description: raw['description'] as string,
    owner: raw['owner'] as string,
    strategy: raw['strategy'] as string,
    condition: raw['condition'],
    pack: (raw['pack'] as string | null) ?? null,
    createdBy: raw['created_by'] as string,
    createdAt: iso(raw['created_at']) ?? '',
    changedBy: (raw['changed_by'] as string | null) ?? null,
    updatedAt: iso(raw['updated_at']) ?? '',
    activatedAt: iso(raw['activated_at']),
    retiredAt: iso(raw['retired_at']),
  };
}
