import { InvalidInputError, type FieldIssue, toFieldIssues } from '@cip/contracts';
import { z } from 'zod';
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
  const limitIssue = checkLimits(input);
  if (limitIssue) return { ok: false, issues: [limitIssue] };
  const unknownKind = findUnknownKind(input, '');
  if (unknownKind) return { ok: false, issues: [unknownKind] };
  const parsed = ruleNodeSchema.safeParse(input);
  return parsed.success
    ? { ok: true, rule: parsed.data }
    : { ok: false, issues: narrowIssues(parsed.error) };
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

/** Depth counts nested objects (each rule or expression node is one level); arrays are free. */
function checkLimits(input: unknown): FieldIssue | undefined {
  let nodes = 0;
  const walk = (value: unknown, path: string, depth: number): FieldIssue | undefined => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const issue = walk(value[i], `${path}/${i}`, depth);
        if (issue) return issue;
      }
      return undefined;
    }
    if (value === null || typeof value !== 'object') return undefined;
    nodes += 1;
    if (depth > RULE_LIMITS.maxDepth) {
      return {
        path: path || '/',
        code: 'too_deep',
        message: `rule nesting exceeds ${RULE_LIMITS.maxDepth} levels`,
      };
    }
    if (nodes > RULE_LIMITS.maxNodes) {
      return {
        path: path || '/',
        code: 'too_many_nodes',
        message: `rule has more than ${RULE_LIMITS.maxNodes} nodes`,
      };
    }
    for (const [key, child] of Object.entries(value)) {
      const issue = walk(child, `${path}/${key}`, depth + 1);
      if (issue) return issue;
    }
    return undefined;
  };
  return walk(input, '', 1);
}

/**
 * A union failure in zod reports "no variant matched" at the parent; naming the unknown `kind`
 * (with its path) first gives authors a precise message.
 */
function findUnknownKind(value: unknown, path: string): FieldIssue | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findUnknownKind(value[i], `${path}/${i}`);
      if (issue) return issue;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const kind = (value as Record<string, unknown>)['kind'];
  if (kind !== undefined && (typeof kind !== 'string' || !KNOWN_KINDS.has(kind))) {
    return {
      path: `${path}/kind`,
      code: 'unknown_kind',
      message: `unknown rule kind ${JSON.stringify(kind)}`,
    };
  }
  for (const [key, child] of Object.entries(value)) {
    const issue = findUnknownKind(child, `${path}/${key}`);
    if (issue) return issue;
  }
  return undefined;
}

/**
 * For `invalid_union` zod keeps every variant's issues; the variant whose `kind` matched is the
 * one the author meant, so report its (deepest) issues instead of the generic union error.
 */
function narrowIssues(error: z.ZodError): FieldIssue[] {
  const flat: z.core.$ZodIssue[] = [];
  const visit = (issue: z.core.$ZodIssue, prefix: PropertyKey[]): void => {
    const fullPath = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Variants of the wrong kind or the wrong JSON type entirely were not what the author meant.
      const candidates = issue.errors.filter(
        (variant) =>
          !variant.some(
            (sub) =>
              (sub.path.length === 1 && sub.path[0] === 'kind') ||
              (sub.path.length === 0 && sub.code === 'invalid_type'),
          ),
      );
      const chosen = candidates.length > 0 ? candidates : issue.errors;
      // Prefer the variant with the fewest issues: it is the closest match.
      const best = [...chosen].sort((a, b) => a.length - b.length)[0] ?? [];
      if (best.length > 0) {
        for (const sub of best) visit(sub, fullPath);
        return;
      }
    }
    flat.push({ ...issue, path: fullPath } as z.core.$ZodIssue);
  };
  for (const issue of error.issues) visit(issue, []);
  return toFieldIssues(new z.ZodError(flat));
}
