import type { TriggerDefinition } from '../definitions/trigger-definition';
import type { CustomerProfile } from '../severity/value-profile';
import { coolingDownAll, profilesOf, type ProfileSource } from './batch-lookups';
import { buildFiring, prepareFiring } from './build-firing';
import type { CooldownLookup } from './cooldown.port';
import type { FiredTrigger } from './fired-trigger';
import type { FiringCause } from './firing-cause';

/** A trigger whose condition held for a cause; it fires unless its pair is cooling down. */
export interface FiringCandidate {
  definition: TriggerDefinition;
  cause: FiringCause;
  /** The profile to fire with, when the batch already read it (otherwise read here). */
  profile?: CustomerProfile;
}

export interface FiringBatchContext {
  cooldown: CooldownLookup;
  now: Date;
  profiles?: ProfileSource;
}

/**
 * The firings of a batch's candidates, one group per event (groups and candidates in processing
 * order): one cooldown round trip for all of them, decided in that order so a firing counts for
 * the later candidates of its pair, and one profile read alongside it.
 */
export async function fireCandidates(
  groups: ReadonlyArray<readonly FiringCandidate[]>,
  context: FiringBatchContext,
): Promise<FiredTrigger[][]> {
  const prepared = groups.map((group) =>
    group.map((candidate) => ({
      candidate,
      ...prepareFiring(candidate.cause, candidate.definition, context.now),
    })),
  );
  const flat = prepared.flat();
  const asked = flat.flatMap((p) => (p.cooldown ? [p.cooldown] : []));
  // Profiles of every candidate's customer, alongside the cooldowns (one round trip of latency):
  // a few more rows than the firings need, read in the same query.
  const [answers, profileOf] = await Promise.all([
    coolingDownAll(context.cooldown, asked),
    profilesOf(
      context.profiles,
      flat.flatMap((p) => (p.candidate.profile ? [] : [p.candidate.cause.customerId])),
    ),
  ]);
  const cooling = new Set(asked.filter((_, i) => answers[i] === true).map((r) => r.alertId));
  return prepared.map((group) =>
    group
      .filter((p) => !cooling.has(p.ids.alertId))
      .map((p) =>
        buildFiring(
          p.candidate.cause,
          p.candidate.definition,
          p.ids,
          p.raisedAt,
          p.candidate.profile ?? profileOf(p.candidate.cause.customerId),
        ),
      ),
  );
}
