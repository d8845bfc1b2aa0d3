import { InvalidInputError, type FieldIssue } from '@cip/contracts';
import { checkTreeLimits, findUnknownKind, narrowUnionIssues } from './json-tree-checks';
import { RULE_LIMITS } from './rule-limits';
import { ruleNodeSchema } from './rule.schema';
import type { RuleNode } from './rule.types';

export type RuleValidation = { ok: true; rule: RuleNode } | { ok: false; issues: FieldIssue[] };

const KNOWN_KINDS = new Set(['and', 'or', 'not', 'gte', 'gt', 'lte', 'lt', 'eq', 'const', 'count']);

/**
 * Validates untrusted rule JSON: size and depth limits first (bounded walk), then the schema.
 * Issues carry JSON-pointer paths to the offending node, e.g. `/rules/1/left/eventType`.
 */
export function validateRule(input: unknown): RuleValidation {
  const limitIssue = checkTreeLimits(input, RULE_LIMITS);
  if (limitIssue) return { ok: false, issues: [limitIssue] };
  const unknownKind = findUnknownKind(input, KNOWN_KINDS);
  if (unknownKind) return { ok: false, issues: [unknownKind] };
  const parsed = ruleNodeSchema.safeParse(input);
  return parsed.success
    ? { ok: true, rule: parsed.data }
    : { ok: false, issues: narrowUnionIssues(parsed.error) };
}

/** Like `validateRule` but throws `InvalidInputError` with code INVALID_RULE. */
export function parseRule(input: unknown): RuleNode {
  const result = validateRule(input);
  if (!result.ok) {
    const first = result.issues[0];
    throw new InvalidInputError(
      'INVALID_RULE',
      `invalid rule at ${first?.path ?? '/'}: ${first?.message ?? ''}`,
      {
        issues: result.issues,
      },
    );
  }
  return result.rule;
}
