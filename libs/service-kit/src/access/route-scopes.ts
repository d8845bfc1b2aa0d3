export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route family and what it takes to call it; the first rule that matches wins. */
export interface RouteScopeRule {
  methods: readonly HttpMethod[];
  /** Matched against the path without the query string. */
  path: RegExp;
  /** `public` routes need no key (health, metrics, the API description). */
  scope: string | 'public';
}

export const PUBLIC_OPERATIONS_RULES: readonly RouteScopeRule[] = [
  { methods: ['GET'], path: /^\/health\/(live|ready)$/, scope: 'public' },
  { methods: ['GET'], path: /^\/metrics$/, scope: 'public' },
  { methods: ['GET'], path: /^\/openapi\.json$/, scope: 'public' },
];

/**
 * The scope a request needs, or `undefined` for a route no rule names: those are refused, so a
 * route added without a rule is closed rather than open.
 */
export function requiredScope(
  rules: readonly RouteScopeRule[],
  method: string,
  url: string,
): string | undefined {
  const path = url.split('?', 1)[0] ?? url;
  const rule = rules.find(
    (candidate) =>
      (candidate.methods as readonly string[]).includes(method) && candidate.path.test(path),
  );
  return rule?.scope;
}
