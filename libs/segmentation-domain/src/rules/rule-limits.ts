/** Bounds on untrusted rule JSON, checked before schema validation so a hostile tree stays cheap. */
export const RULE_LIMITS = {
  maxDepth: 16,
  maxNodes: 200,
  /** Longest window a count may ask for (10 years). */
  maxWindowDays: 3650,
  maxChildren: 50,
} as const;
