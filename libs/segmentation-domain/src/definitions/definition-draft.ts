import { z } from 'zod';
import { toFieldIssues, type FieldIssue } from '@cip/contracts';
import type { Condition } from '../language/segment-condition.schema';
import { validateCondition } from '../language/validate-condition';

/** Segment ids are what `inSegment` references name, so they follow the language's names. */
export const SEGMENT_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** What an author writes for one version of a definition. */
export interface DefinitionDraft {
  name: string;
  description: string;
  owner: string;
  strategy: string;
  condition: Condition;
  /** The model pack a definition was installed from (kept across edits). */
  pack: string | null;
}

const text = (max: number) => z.string().trim().min(1).max(max);

const metadataSchema = z.strictObject({
  id: z.string().regex(SEGMENT_ID_PATTERN, 'letters, digits, _ . - (≤ 64), starting with a letter'),
  name: text(200),
  description: z.string().trim().max(2_000).default(''),
  owner: text(200),
  strategy: text(2_000),
  condition: z.unknown(),
  pack: text(64).nullable().optional(),
});

export type DraftValidation =
  { ok: true; id: string; draft: DefinitionDraft } | { ok: false; issues: FieldIssue[] };

export interface DraftValidationOptions {
  /** The id from the URL (a new version): the body may omit it, or must repeat it. */
  id?: string;
  /** Quantile tables that exist; a condition naming another one is rejected. */
  quantileTables?: ReadonlySet<string>;
}

/**
 * Validates a definition body. Every issue is a JSON pointer into the body, the condition's
 * own issues included (prefixed with `/condition`), so an editor can mark the offending node.
 */
export function validateDefinitionDraft(
  body: unknown,
  options: DraftValidationOptions = {},
): DraftValidation {
  const input =
    options.id !== undefined && isObject(body) && body['id'] === undefined
      ? { ...body, id: options.id }
      : body;
  const parsed = metadataSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : toFieldIssues(parsed.error);
  if (parsed.success && options.id !== undefined && parsed.data.id !== options.id) {
    issues.push({ path: '/id', code: 'id_mismatch', message: `id must be ${options.id}` });
  }
  const conditionInput = isObject(input) ? input['condition'] : undefined;
  if (conditionInput === undefined) {
    if (!issues.some((issue) => issue.path === '/condition'))
      issues.push({ path: '/condition', code: 'required', message: 'condition is required' });
    return { ok: false, issues };
  }
  const condition = validateCondition(
    conditionInput,
    options.quantileTables ? { quantileTables: options.quantileTables } : {},
  );
  if (!condition.ok) issues.push(...condition.issues.map((i) => prefixed('/condition', i)));
  if (!parsed.success || !condition.ok || issues.length > 0) return { ok: false, issues };
  const { id, name, description, owner, strategy, pack } = parsed.data;
  return {
    ok: true,
    id,
    draft: {
      name,
      description,
      owner,
      strategy,
      condition: condition.condition,
      pack: pack ?? null,
    },
  };
}

/** Re-roots an issue of a nested document under `prefix`. */
export function prefixed(prefix: string, issue: FieldIssue): FieldIssue {
  const path = issue.path === '' || issue.path === '/' ? '' : issue.path;
  return { ...issue, path: `${prefix}${path}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
