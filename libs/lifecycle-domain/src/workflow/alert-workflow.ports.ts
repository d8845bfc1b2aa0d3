import type { AlertSummaryFacts } from './alert-summary';
import type { AppliedTransition, WorkflowAlert } from './workflow-alert';

/**
 * Durable alert workflow state. Each method runs in one transaction holding the row locks, so a
 * `decide` callback sees the current row and what it returns is written with its history row.
 */
export interface AlertWorkflowStore {
  /** Null when there is no such alert. `decide` may throw to refuse (nothing is written). */
  transition(
    alertId: string,
    decide: (current: WorkflowAlert) => AppliedTransition,
  ): Promise<AppliedTransition | null>;
  /**
   * Locks up to `limit` open or acknowledged alerts whose deadline is at or before `now`, skipping
   * rows another instance holds (FOR UPDATE SKIP LOCKED), and writes what `decide` returns.
   */
  expireDue(
    now: Date,
    limit: number,
    decide: (current: WorkflowAlert) => AppliedTransition | null,
  ): Promise<AppliedTransition[]>;
}

/** Read side of the management summary. */
export interface AlertSummaryFactsSource {
  /** Every alert with a milestone (raised, acknowledged, ..., review due) in [from, to). */
  summaryFacts(from: Date, to: Date): Promise<AlertSummaryFacts[]>;
}
