import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import type { Clock } from '../clock';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import type { CooldownLookup } from '../evaluation/cooldown.port';
import { evaluateTriggers } from '../evaluation/evaluate-triggers';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import { UNKNOWN_PROFILE } from '../severity/value-profile';
import type {
  AlertRecorder,
  CustomerProfiles,
  FiringPublisher,
  ProcessedEvents,
} from './raise-alerts.ports';

export interface RaiseAlertsDeps {
  processed: ProcessedEvents;
  definitions: { get(): Promise<TriggerDefinition[]> };
  cooldown: CooldownLookup;
  publisher: FiringPublisher;
  recorder: AlertRecorder;
  clock: Clock;
  profiles?: CustomerProfiles;
}

export type RaiseAlertsResult =
  { status: 'already-processed' } | { status: 'evaluated'; fired: FiredTrigger[] };

/**
 * One membership change → the triggers it fires. Publish first (awaiting acks), then record the
 * alerts and the inbox row together: a crash in between redelivers the change, which rebuilds the
 * same ids (the cooldown does not block a retry of its own firing) and republishes copies that
 * consumers drop by id. The reverse order could commit the inbox and then lose the publication.
 */
export class RaiseAlertsUseCase {
  constructor(private readonly deps: RaiseAlertsDeps) {}

  async execute(change: SegmentMembershipChangedV1): Promise<RaiseAlertsResult> {
    if (await this.deps.processed.isProcessed(change.eventId))
      return { status: 'already-processed' };
    const definitions = await this.deps.definitions.get();
    // Learnt first, so a tier or quadrant change already counts for the triggers it fires.
    await this.deps.profiles?.learnFrom(change);
    const profile = (await this.deps.profiles?.profileOf(change.customerId)) ?? UNKNOWN_PROFILE;
    const fired = await evaluateTriggers(
      change,
      definitions,
      this.deps.cooldown,
      this.deps.clock.now(),
      profile,
    );
    if (fired.length > 0) await this.deps.publisher.publish(fired);
    await this.deps.recorder.record(change.eventId, fired);
    return { status: 'evaluated', fired };
  }
}
