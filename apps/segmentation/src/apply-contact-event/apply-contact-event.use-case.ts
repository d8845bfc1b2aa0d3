import type { ContactEvent } from '@cip/contracts';
import {
  applyEvent,
  routeContactEvent,
  type ActiveDefinitions,
  type ContactEventRoute,
  type CustomerState,
  type MembershipChange,
} from '@cip/segmentation-domain';
import type {
  ContactEventRedirector,
  CustomerStateStore,
  MembershipPublisher,
  SegmentationRecords,
} from './segmentation.ports';
import { updateHotState } from './update-hot-state';

export type ApplyContactEventResult =
  | { status: 'already-processed' }
  | { status: 'redirected'; survivorId: string }
  | { status: 'applied' | 'recovered'; changes: readonly MembershipChange[] };

type HotOutcome =
  | Extract<ContactEventRoute, { kind: 'redirect' }>
  | {
      kind: 'apply';
      state: CustomerState;
      changes: readonly MembershipChange[];
      duplicate: boolean;
    };

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
 * An event for a customer merged into another is re-published for the survivor instead.
 */
export class ApplyContactEventUseCase {
  constructor(
    private readonly deps: {
      consumer: string;
      definitions: Pick<ActiveDefinitions, 'get'>;
      states: CustomerStateStore;
      records: SegmentationRecords;
      publisher: MembershipPublisher;
      redirector: ContactEventRedirector;
    },
  ) {}

  async execute(event: ContactEvent): Promise<ApplyContactEventResult> {
    const { consumer, records } = this.deps;
    if (await records.isProcessed(consumer, event.eventId)) return { status: 'already-processed' };

    const definitions = await this.deps.definitions.get();
    const outcome = await this.applyToHotState(event, definitions);
    if (outcome.kind === 'redirect') {
      // Not claimed in the inbox: the re-keyed copy has the same event id and must be processed.
      await this.deps.redirector.redirect(event, outcome.survivorId);
      return { status: 'redirected', survivorId: outcome.survivorId };
    }
    const { state, changes, duplicate } = outcome;

    await this.deps.publisher.publish(changes, event);
    await records.record({ consumer, eventId: event.eventId, state, changes });
    return { status: duplicate ? 'recovered' : 'applied', changes };
  }

  private async applyToHotState(
    event: ContactEvent,
    definitions: Awaited<ReturnType<ActiveDefinitions['get']>>,
  ): Promise<HotOutcome> {
    return updateHotState<HotOutcome>(this.deps, event.customerId, (current) => {
      const route = routeContactEvent(current);
      if (route.kind === 'redirect') return { result: route };
      const outcome = applyEvent(current, event, definitions);
      if (outcome.duplicate) {
        // Applied before but never recorded durably (crash in between): redo its effects.
        const changes = outcome.replayedChanges;
        return { result: { kind: 'apply', state: outcome.newState, changes, duplicate: true } };
      }
      return {
        result: {
          kind: 'apply',
          state: outcome.newState,
          changes: outcome.changes,
          duplicate: false,
        },
        write: outcome.newState,
      };
    });
  }
}
