import type { ContactEvent } from '@cip/contracts';
import { PlatformError } from '@cip/contracts';
import {
  applyEvent,
  type ActiveDefinitions,
  type CustomerState,
  type MembershipChange,
} from '@cip/segmentation-domain';
import type {
  CustomerStateStore,
  MembershipPublisher,
  SegmentationRecords,
} from './segmentation.ports';

export type ApplyContactEventResult =
  | { status: 'already-processed' }
  | { status: 'applied' | 'recovered'; changes: readonly MembershipChange[] };

const MAX_STATE_CONFLICTS = 5;

/**
 * Applies one contact event: state (Redis, compare-and-set) → membership events (awaited) →
 * durable rows (Postgres, one transaction with the inbox claim) → the caller commits the offset.
 *
 * Every step is safe to repeat: a crash anywhere means the event is redelivered and
 * - after the durable write: the inbox says so and nothing happens;
 * - before it, with Redis already updated: the state reports a duplicate together with the
 *   changes its first application produced, which are republished (same ids) and recorded;
 * - with Redis lost: the state is rebuilt from the Postgres snapshot and the event re-applied,
 *   giving the same changes with the same ids.
 */
export class ApplyContactEventUseCase {
  constructor(
    private readonly deps: {
      consumer: string;
      definitions: Pick<ActiveDefinitions, 'get'>;
      states: CustomerStateStore;
      records: SegmentationRecords;
      publisher: MembershipPublisher;
    },
  ) {}

  async execute(event: ContactEvent): Promise<ApplyContactEventResult> {
    const { consumer, records } = this.deps;
    if (await records.isProcessed(consumer, event.eventId)) return { status: 'already-processed' };

    const definitions = await this.deps.definitions.get();
    const { state, changes, duplicate } = await this.applyToHotState(event, definitions);

    await this.deps.publisher.publish(changes, event);
    await records.record({ consumer, eventId: event.eventId, state, changes });
    return { status: duplicate ? 'recovered' : 'applied', changes };
  }

  private async applyToHotState(
    event: ContactEvent,
    definitions: Awaited<ReturnType<ActiveDefinitions['get']>>,
  ): Promise<{ state: CustomerState; changes: readonly MembershipChange[]; duplicate: boolean }> {
    for (let attempt = 1; attempt <= MAX_STATE_CONFLICTS; attempt++) {
      const hot = await this.deps.states.load(event.customerId);
      const current = hot?.state ?? (await this.deps.records.loadSnapshot(event.customerId));
      const outcome = applyEvent(current, event, definitions);
      if (outcome.duplicate) {
        // Applied before but never recorded durably (crash in between): redo its effects.
        return { state: outcome.newState, changes: outcome.replayedChanges, duplicate: true };
      }
      // Rebuilt-from-snapshot state is written only if Redis still has nothing (version undefined).
      if (await this.deps.states.compareAndSet(outcome.newState, hot?.version)) {
        return { state: outcome.newState, changes: outcome.changes, duplicate: false };
      }
      // Another handler (e.g. a zombie after a rebalance) changed this customer meanwhile: re-read.
    }
    throw new PlatformError('STATE_CONFLICT', 'customer state kept changing concurrently', {
      customerId: event.customerId,
    });
  }
}
