import type { FieldIssue } from '@cip/contracts';
import type { z } from 'zod';

/**
 * A 64 KB body of unknown keys would otherwise produce a problem body several times its size;
 * past this many issues the caller gets the first ones and a count of the rest.
 */
export const MAX_REPORTED_ISSUES = 100;

/** RFC 6901: `~` and `/` inside a key are escaped, so every path is a valid JSON pointer. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '/';
  return path.map((key) => '/' + String(key).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * Zod's issues as field issues a caller can act on: one per unknown field (zod reports them per
 * object) and never more than MAX_REPORTED_ISSUES.
 */
export function eventFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  const expanded = issues.flatMap((issue): FieldIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: jsonPointer([...issue.path, key]),
          code: 'unrecognized_key',
          message: 'unknown field; this event type does not define it',
        }))
      : [{ path: jsonPointer(issue.path), code: issue.code, message: issue.message }],
  );
  return capIssues(expanded);
}

export function capIssues(issues: FieldIssue[]): FieldIssue[] {
  if (issues.length <= MAX_REPORTED_ISSUES) return issues;
  const omitted = issues.length - (MAX_REPORTED_ISSUES - 1);
  return [
    ...issues.slice(0, MAX_REPORTED_ISSUES - 1),
    { path: '/', code: 'too_many_issues', message: `${omitted} more issues not listed` },
  ];
}
