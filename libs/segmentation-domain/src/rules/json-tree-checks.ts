import { type FieldIssue, toFieldIssues } from '@cip/contracts';
import { z } from 'zod';

/** Size bounds for an untrusted JSON tree (rules and segment conditions share them). */
export interface TreeLimits {
  maxDepth: number;
  maxNodes: number;
}

/**
 * Checks depth and node count before any schema work, so a hostile tree stays cheap to reject.
 * Depth counts nested objects (each rule or expression node is one level); arrays are free.
 */
export function checkTreeLimits(input: unknown, limits: TreeLimits): FieldIssue | undefined {
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
    if (depth > limits.maxDepth) {
      return {
        path: path || '/',
        code: 'too_deep',
        message: `rule nesting exceeds ${limits.maxDepth} levels`,
      };
    }
    if (nodes > limits.maxNodes) {
      return {
        path: path || '/',
        code: 'too_many_nodes',
        message: `rule has more than ${limits.maxNodes} nodes`,
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
export function findUnknownKind(
  value: unknown,
  knownKinds: ReadonlySet<string>,
  path = '',
): FieldIssue | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findUnknownKind(value[i], knownKinds, `${path}/${i}`);
      if (issue) return issue;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const kind = (value as Record<string, unknown>)['kind'];
  if (kind !== undefined && (typeof kind !== 'string' || !knownKinds.has(kind))) {
    return {
      path: `${path}/kind`,
      code: 'unknown_kind',
      message: `unknown rule kind ${JSON.stringify(kind)}`,
    };
  }
  for (const [key, child] of Object.entries(value)) {
    const issue = findUnknownKind(child, knownKinds, `${path}/${key}`);
    if (issue) return issue;
  }
  return undefined;
}

/**
 * For `invalid_union` zod keeps every variant's issues; the variant whose `kind` matched is the
 * one the author meant, so report its (deepest) issues instead of the generic union error.
 */
export function narrowUnionIssues(error: z.ZodError): FieldIssue[] {
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
