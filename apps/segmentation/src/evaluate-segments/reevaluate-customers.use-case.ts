import {
  reevaluateCustomer,
  type CustomerSegmentState,
  type SegmentCatalog,
  type SegmentTrigger,
} from '@cip/segmentation-domain';
import type { CustomerStateRunner, CustomerStep } from './customer-state-runner';
import type { MembershipRecorder } from './membership-recorder';

/** Names the cause of a re-evaluation; deterministic, so a repeated run republishes the same ids. */
export type TriggerOf = (customerId: string, state: CustomerSegmentState) => SegmentTrigger;

/**
 * Re-evaluates customers with no new fact: a timer came due, a definition was activated, edited
 * or retired, quantile tables moved. Always writes back (which also re-arms the customer's
 * timer); a customer with no state, or merged away, has nothing to evaluate.
 */
export class ReevaluateCustomersUseCase {
  constructor(
    private readonly deps: {
      runner: CustomerStateRunner;
      recorder: MembershipRecorder;
      clock: () => number;
    },
  ) {}

  async execute(
    customerIds: readonly string[],
    triggerOf: TriggerOf,
    catalog: SegmentCatalog,
  ): Promise<{ changes: number; evaluated: number }> {
    const nowMs = this.deps.clock();
    const outcomes = await this.deps.runner.run(
      [...new Set(customerIds)].map((customerId) => ({
        customerId,
        step: (current: CustomerSegmentState | undefined): CustomerStep<boolean> => {
          if (current === undefined) return { changes: [], result: false };
          if (current.mergedInto !== undefined) {
            // A tombstone has no timer; writing it back clears a stray one.
            return current.nextDueMs === null
              ? { changes: [], result: false }
              : { write: { ...current, nextDueMs: null }, changes: [], result: false };
          }
          const outcome = reevaluateCustomer(
            current,
            catalog,
            nowMs,
            triggerOf(customerId, current),
          );
          return { write: outcome.state, changes: outcome.changes, result: true };
        },
      })),
      catalog,
    );
    const changes = await this.deps.recorder.publishAndRecord(outcomes, {
      changedSnapshotsOnly: true,
    });
    return { changes: changes.length, evaluated: outcomes.filter((o) => o.result).length };
  }
}
