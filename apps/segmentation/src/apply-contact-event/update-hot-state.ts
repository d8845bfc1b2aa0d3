import { PlatformError } from '@cip/contracts';
import type { CustomerState } from '@cip/segmentation-domain';
import type { CustomerStateStore, SegmentationRecords } from './segmentation.ports';

const MAX_STATE_CONFLICTS = 5;

/** What a step decided about one customer's state: `write` is stored, `result` returned. */
export interface HotStateStep<R> {
  result: R;
  /** Absent: nothing changes (a duplicate, or an event routed elsewhere). */
  write?: CustomerState;
}

/**
 * Runs `step` on a customer's current state (Redis, else rebuilt from the Postgres snapshot) and
 * stores its result with compare-and-set. When another handler (e.g. a zombie after a rebalance)
 * changed the customer meanwhile, it re-reads and runs `step` again.
 */
export async function updateHotState<R>(
  stores: { states: CustomerStateStore; records: Pick<SegmentationRecords, 'loadSnapshot'> },
  customerId: string,
  step: (current: CustomerState | undefined) => HotStateStep<R>,
): Promise<R> {
  for (let attempt = 1; attempt <= MAX_STATE_CONFLICTS; attempt++) {
    const hot = await stores.states.load(customerId);
    const current = hot?.state ?? (await stores.records.loadSnapshot(customerId));
    const { result, write } = step(current);
    // Rebuilt-from-snapshot state is written only if Redis still has nothing (version undefined).
    if (!write || (await stores.states.compareAndSet(write, hot?.version))) return result;
  }
  throw new PlatformError('STATE_CONFLICT', 'customer state kept changing concurrently', {
    customerId,
  });
}
