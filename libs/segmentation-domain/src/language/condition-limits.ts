/** Bounds on untrusted segment conditions, checked before schema validation (cheap rejection). */
export const CONDITION_LIMITS = {
  maxDepth: 16,
  maxNodes: 200,
  maxChildren: 50,
  /** Longest day window (10 years). */
  maxWindowDays: 3650,
  /** Month windows reach back at most two years (months + skipMonths). */
  maxWindowMonths: 24,
  maxSetSize: 50,
  maxFilterFields: 5,
} as const;
