import type { ProcessedEvents } from '../raise-alerts/raise-alerts.ports';
import { UNKNOWN_PROFILE, type CustomerProfile } from '../severity/value-profile';
import type { CooldownLookup, CooldownRequest } from './cooldown.port';
import type { CustomerProfiles } from './customer-profiles.port';

// The batch paths use the ports' batch forms when an adapter has them, and otherwise ask one
// item at a time (the in-memory references and test fakes), with the same answers.

export type ProfileSource = Pick<CustomerProfiles, 'profileOf' | 'profilesOf'>;

export async function processedAmong(
  processed: ProcessedEvents,
  eventIds: readonly string[],
): Promise<ReadonlySet<string>> {
  if (eventIds.length === 0) return new Set();
  if (processed.processedAmong) return processed.processedAmong(eventIds);
  const done = new Set<string>();
  for (const id of eventIds) if (await processed.isProcessed(id)) done.add(id);
  return done;
}

export async function coolingDownAll(
  cooldown: CooldownLookup,
  requests: readonly CooldownRequest[],
): Promise<boolean[]> {
  if (requests.length === 0) return [];
  if (cooldown.areCoolingDown) return cooldown.areCoolingDown(requests);
  const answers: boolean[] = [];
  // In order: an earlier request's reservation must count for the later ones of its pair.
  for (const request of requests) answers.push(await cooldown.isCoolingDown(request));
  return answers;
}

/** Profiles of `customerIds`; UNKNOWN_PROFILE for every customer without a source. */
export async function profilesOf(
  profiles: ProfileSource | undefined,
  customerIds: readonly string[],
): Promise<(customerId: string) => CustomerProfile> {
  const ids = [...new Set(customerIds)];
  if (!profiles || ids.length === 0) return () => UNKNOWN_PROFILE;
  const known = profiles.profilesOf
    ? await profiles.profilesOf(ids)
    : new Map(
        await Promise.all(ids.map(async (id) => [id, await profiles.profileOf(id)] as const)),
      );
  return (customerId) => known.get(customerId) ?? UNKNOWN_PROFILE;
}
