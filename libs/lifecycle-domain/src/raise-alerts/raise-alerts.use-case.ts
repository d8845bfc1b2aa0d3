import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import type { Clock } from '../clock';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import { processedAmong, profilesOf } from '../evaluation/batch-lookups';
import type { CooldownLookup } from '../evaluation/cooldown.port';
import { membershipCandidates } from '../evaluation/evaluate-triggers';
import { fireCandidates, type FiringCandidate } from '../evaluation/fire-candidates';
import type { FiredTrigger } from '../evaluation/fired-trigger';
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
 * Membership changes → the triggers they fire. Publish first (awaiting acks), then record the
 * alerts and the inbox rows together: a crash in between redelivers the changes, which rebuild
 * the same ids (the cooldown does not block a retry of its own firing) and republish copies that
 * consumers drop by id. The reverse order could commit the inbox and then lose the publication.
 */
export class RaiseAlertsUseCase {
  constructor(private readonly deps: RaiseAlertsDeps) {}

  async execute(change: SegmentMembershipChangedV1): Promise<RaiseAlertsResult> {
    const [result] = await this.executeBatch([change]);
    return result ?? { status: 'already-processed' };
  }

  /**
   * A partition batch in offset order, one result per change. Each change is learnt before it
   * is evaluated, so a tier or quadrant change already counts for the triggers it fires; the
   * batch goes in rounds (the k-th change of every customer), so a change never sees a later
   * change of its customer. One cooldown round trip, one publish, one record for the batch.
   */
  async executeBatch(changes: readonly SegmentMembershipChangedV1[]): Promise<RaiseAlertsResult[]> {
    if (changes.length === 0) return [];
    const done = await processedAmong(this.deps.processed, [
      ...new Set(changes.map((c) => c.eventId)),
    ]);
    const seen = new Set<string>();
    const fresh = changes.filter((c) => {
      const first = !done.has(c.eventId) && !seen.has(c.eventId);
      seen.add(c.eventId);
      return first;
    });
    if (fresh.length === 0) return changes.map(() => ({ status: 'already-processed' }));

    const definitions = await this.deps.definitions.get();
    const { profiles } = this.deps;
    const candidates: FiringCandidate[][] = fresh.map(() => []);
    for (const round of rounds(fresh)) {
      if (profiles) await Promise.all(round.map((i) => profiles.learnFrom(fresh[i]!)));
      const profileOf = await profilesOf(
        profiles,
        round.map((i) => fresh[i]!.customerId),
      );
      for (const i of round) {
        const change = fresh[i]!;
        const profile = profileOf(change.customerId);
        candidates[i] = membershipCandidates(change, definitions).map((c) => ({ ...c, profile }));
      }
    }
    const fired = await fireCandidates(candidates, {
      cooldown: this.deps.cooldown,
      now: this.deps.clock.now(),
    });
    const entries = fresh.map((c, i) => ({ causingEventId: c.eventId, fired: fired[i] ?? [] }));
    const all = entries.flatMap((e) => e.fired);
    if (all.length > 0) await this.deps.publisher.publish(all);
    await this.record(entries);

    const byId = new Map(entries.map((e) => [e.causingEventId, e.fired]));
    return changes.map((c): RaiseAlertsResult => {
      const firedOf = byId.get(c.eventId);
      if (!firedOf) return { status: 'already-processed' };
      byId.delete(c.eventId);
      return { status: 'evaluated', fired: firedOf };
    });
  }

  private async record(
    entries: ReadonlyArray<{ causingEventId: string; fired: readonly FiredTrigger[] }>,
  ): Promise<void> {
    const { recorder } = this.deps;
    if (recorder.recordAll) return recorder.recordAll(entries);
    for (const entry of entries) await recorder.record(entry.causingEventId, entry.fired);
  }
}

/** Indexes of `changes` grouped by their customer's occurrence: round k = every k-th change. */
function rounds(changes: readonly SegmentMembershipChangedV1[]): number[][] {
  const seen = new Map<string, number>();
  const out: number[][] = [];
  changes.forEach((change, i) => {
    const k = seen.get(change.customerId) ?? 0;
    seen.set(change.customerId, k + 1);
    (out[k] ??= []).push(i);
  });
  return out;
}
