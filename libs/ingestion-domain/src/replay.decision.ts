import type { LedgerEntry } from './ledger-entry';

/**
 * What to do with an incoming event id given what the ledger already holds (Stripe-style keys):
 * - `new`: never seen, go ahead;
 * - `replay`: accepted before with the same body, answer with the saved outcome, publish nothing;
 * - `conflict`: the id was used for a different body, refuse;
 * - `in-progress`: another request holds a fresh claim on the id, the caller retries later;
 * - `retake`: a claim was abandoned (its holder crashed or hung), this request may take it over.
 */
export type ReplayDecision = 'new' | 'replay' | 'conflict' | 'in-progress' | 'retake';

export interface ReplayDecisionOptions {
  now: Date;
  /** A pending claim older than this is considered abandoned. */
  pendingTimeoutMs: number;
}

export function decideReplay(
  existing: Pick<LedgerEntry, 'bodyHash' | 'status' | 'acceptedAt'> | undefined,
  incomingHash: string,
  options: ReplayDecisionOptions,
): ReplayDecision {
  if (existing === undefined) return 'new';
  // A different body under the same id is refused whatever state the first one is in.
  if (existing.bodyHash !== incomingHash) return 'conflict';
  switch (existing.status) {
    case 'accepted':
      return 'replay';
    case 'pending':
      return options.now.getTime() - existing.acceptedAt.getTime() >= options.pendingTimeoutMs
        ? 'retake'
        : 'in-progress';
  }
}
