import type { ContactEvent } from '@cip/contracts';
import type { Clock } from '../clock';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import type { FiringPublisher, ProcessedEvents } from '../raise-alerts/raise-alerts.ports';
import { UNKNOWN_PROFILE } from '../severity/value-profile';
import type { CooldownLookup } from './cooldown.port';
import type { CustomerProfiles } from './customer-profiles.port';
import { evaluateContactEvent, type ContactEventEvaluation } from './evaluate-contact-event';
import type { EventCountLookup } from './event-count.port';

/**
 * Stores, in one transaction with the inbox row: the alerts (idempotent on their deterministic
 * ids), the event-count hits, then the timer cancellations and arms.
 */
export interface ContactEventRecorder {
  record(eventId: string, evaluation: ContactEventEvaluation): Promise<void>;
}

export interface WatchContactEventsDeps {
  processed: ProcessedEvents;
  definitions: { get(): Promise<TriggerDefinition[]> };
  cooldown: CooldownLookup;
  counts: EventCountLookup;
  publisher: FiringPublisher;
  recorder: ContactEventRecorder;
  clock: Clock;
  profiles?: Pick<CustomerProfiles, 'profileOf'>;
}

export type WatchContactEventsResult =
  { status: 'already-processed' } | ({ status: 'evaluated' } & ContactEventEvaluation);

/**
 * One contact event → the event triggers it fires and the absence timers it arms or cancels.
 * Same order as raise-alerts: publish (acks) first, then commit everything with the inbox row; a
 * crash in between redelivers the event, which rebuilds the same ids, hits and timer ids.
 */
export class WatchContactEventsUseCase {
  constructor(private readonly deps: WatchContactEventsDeps) {}

  async execute(event: ContactEvent): Promise<WatchContactEventsResult> {
    if (await this.deps.processed.isProcessed(event.eventId))
      return { status: 'already-processed' };
    const definitions = await this.deps.definitions.get();
    const profiles = this.deps.profiles;
    const evaluation = await evaluateContactEvent(event, definitions, {
      cooldown: this.deps.cooldown,
      counts: this.deps.counts,
      now: this.deps.clock.now(),
      profileOf: async () => (profiles ? profiles.profileOf(event.customerId) : UNKNOWN_PROFILE),
    });
    if (evaluation.fired.length > 0) await this.deps.publisher.publish(evaluation.fired);
    await this.deps.recorder.record(event.eventId, evaluation);
    return { status: 'evaluated', ...evaluation };
  }
}
