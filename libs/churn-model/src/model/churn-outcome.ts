import { DAY_MS } from '../features/extract-churn-features';

/** What the ground truth says about a customer (the simulator's ground-truth.csv, or history). */
export interface ChurnOutcome {
  customerId: string;
  kind: 'quantity' | 'value' | undefined;
  cause: string | undefined;
  /** Epoch ms; undefined for customers who stay. */
  churnAt: number | undefined;
}

/**
 * The training label: 1 if the customer churns (leaves, or their spend drops for good) within
 * `horizonDays` after the snapshot, 0 if not, and `excluded` if they had already churned by the
 * snapshot (nothing left to predict).
 */
export function churnLabel(
  outcome: ChurnOutcome | undefined,
  snapshot: number,
  horizonDays: number,
): 0 | 1 | 'excluded' {
  const churnAt = outcome?.churnAt;
  if (churnAt === undefined) return 0;
  if (churnAt <= snapshot) return 'excluded';
  return churnAt <= snapshot + horizonDays * DAY_MS ? 1 : 0;
}
