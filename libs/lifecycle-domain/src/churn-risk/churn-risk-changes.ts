import type { ContactEvent } from '@cip/contracts';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import type { ChurnRiskChange, ChurnScore } from './churn-risk.ports';

/** What a batch changes for one customer. */
export interface CustomerChurnChanges {
  customerId: string;
  /** Stored events older than this leave the history (the latest horizon of the batch). */
  pruneBefore: Date;
  /** The batch's events the history keeps (no later event of the batch prunes them). */
  kept: ContactEvent[];
  /** Stored only if no newer score is stored (as_of ≤ its asOf), as each record would. */
  score: ChurnScore | undefined;
}

/**
 * The net writes of a batch of churn-risk changes, so a store can apply them with a few
 * set-based statements and end in the state that recording each change in order would leave:
 * per customer, prune stored events before the latest horizon, insert the kept events, upsert
 * the newest score of the batch (versioned by asOf); plus every claim and alert.
 */
export interface ChurnRiskChanges {
  eventIds: string[];
  customers: CustomerChurnChanges[];
  fired: FiredTrigger[];
}

export function churnRiskChanges(changes: readonly ChurnRiskChange[]): ChurnRiskChanges {
  const customers = new Map<string, CustomerChurnChanges>();
  for (const { event, pruneBefore, score } of changes) {
    const known = customers.get(event.customerId);
    const horizon = !known || pruneBefore > known.pruneBefore ? pruneBefore : known.pruneBefore;
    const kept = [...(known?.kept ?? []), event].filter(
      (e) => new Date(e.occurredAt) >= pruneBefore,
    );
    // A later score with an older asOf loses, as the stored version check would decide.
    const newest =
      score && (!known?.score || known.score.asOf <= score.asOf) ? score : known?.score;
    customers.set(event.customerId, {
      customerId: event.customerId,
      pruneBefore: horizon,
      kept,
      score: newest,
    });
  }
  return {
    eventIds: changes.map((c) => c.event.eventId),
    customers: [...customers.values()],
    fired: changes.flatMap((c) => c.fired),
  };
}
