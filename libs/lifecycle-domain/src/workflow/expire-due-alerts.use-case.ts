import type { Clock } from '../clock';
import type { AlertWorkflowStore } from './alert-workflow.ports';
import { expireIfDue } from './transition-alert';
import type { AppliedTransition } from './workflow-alert';

/** Alerts locked and expired per transaction: short locks, bounded work per round trip. */
export const EXPIRY_BATCH_SIZE = 200;

/**
 * One sweep: expires every open or acknowledged alert whose deadline passed, batch by batch,
 * until a batch comes back short. Several instances may sweep at once: each batch skips the
 * rows another one holds, and an alert that is no longer due when locked is left alone.
 */
export class ExpireDueAlertsUseCase {
  constructor(
    private readonly deps: { store: AlertWorkflowStore; clock: Clock; batchSize?: number },
  ) {}

  async execute(): Promise<AppliedTransition[]> {
    const limit = this.deps.batchSize ?? EXPIRY_BATCH_SIZE;
    const now = this.deps.clock.now();
    const expired: AppliedTransition[] = [];
    for (;;) {
      const batch = await this.deps.store.expireDue(now, limit, (alert) => expireIfDue(alert, now));
      expired.push(...batch);
      if (batch.length < limit) return expired;
    }
  }
}
