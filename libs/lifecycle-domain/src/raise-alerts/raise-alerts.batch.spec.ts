import fc from 'fast-check';
import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import { toTriggerDefinition } from '../definitions/trigger-definition';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import { InMemoryCooldown } from '../evaluation/in-memory-cooldown';
import { UNKNOWN_PROFILE, type CustomerProfile, type ValueTier } from '../severity/value-profile';
import { membershipChanged, repeatedComplaintsStored, withRedeliveries } from '../testing.fixtures';
import type { CustomerProfiles } from './raise-alerts.ports';
import { RaiseAlertsUseCase } from './raise-alerts.use-case';

/** Value tier learnt from `value-tier.<tier>` entries (latest wins), in memory. */
class LearningProfiles implements CustomerProfiles {
  readonly tiers = new Map<string, ValueTier>();

  async profileOf(customerId: string): Promise<CustomerProfile> {
    return { ...UNKNOWN_PROFILE, valueTier: this.tiers.get(customerId) ?? 'unknown' };
  }

  async learnFrom(change: SegmentMembershipChangedV1): Promise<void> {
    const tier = /^value-tier\.(.+)$/.exec(change.payload.segmentId)?.[1];
    if (tier && change.payload.change === 'entered')
      this.tiers.set(change.customerId, tier as ValueTier);
  }
}

function setup() {
  const processed = new Set<string>();
  const published: FiredTrigger[] = [];
  const recorded: string[] = [];
  const useCase = new RaiseAlertsUseCase({
    processed: { isProcessed: async (id) => processed.has(id) },
    // By value tier: vip → critical, small → medium, unknown → high; 7-day cooldown.
    definitions: { get: async () => [toTriggerDefinition(repeatedComplaintsStored())] },
    cooldown: new InMemoryCooldown(),
    clock: { now: () => new Date('2025-03-30T00:00:00.000Z') },
    publisher: { publish: async (fired) => void published.push(...fired) },
    recorder: {
      record: async (eventId) => {
        processed.add(eventId);
        recorded.push(eventId);
      },
    },
    profiles: new LearningProfiles(),
  });
  return { useCase, published, recorded };
}

let sequence = 0;
const change = (customerId: string, segmentId: string, day: number) => {
  sequence += 1;
  return membershipChanged({
    eventId: `m-${sequence}`,
    customerId,
    segmentId,
    occurredAt: new Date(Date.parse('2025-03-01T00:00:00.000Z') + day * 86_400_000).toISOString(),
  });
};
const firings = (published: readonly FiredTrigger[]) =>
  published.map((f) => [f.triggerFired.causationId, f.severity]);

describe('RaiseAlertsUseCase.executeBatch', () => {
  it("fires each change with the profile its customer's earlier changes taught, never a later one", async () => {
    const { useCase, published } = setup();
    const batch = [
      change('cust-a', 'value-tier.vip', 0),
      change('cust-a', 'repeated-complainers', 1),
      change('cust-b', 'repeated-complainers', 1),
      change('cust-b', 'value-tier.vip', 2),
      change('cust-a', 'repeated-complainers', 3), // inside the 7-day cooldown
      change('cust-a', 'repeated-complainers', 9),
    ];
    await useCase.executeBatch(batch);
    expect(firings(published)).toEqual([
      [batch[1]!.eventId, 'critical'],
      [batch[2]!.eventId, 'high'],
      [batch[5]!.eventId, 'critical'],
    ]);
  });

  it('any batching gives the firings of one-by-one processing; a repeated id is evaluated once', async () => {
    const segments = ['value-tier.vip', 'value-tier.small', 'repeated-complainers', 'other'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            customer: fc.constantFrom('cust-a', 'cust-b'),
            segment: fc.constantFrom(...segments),
            day: fc.integer({ min: 0, max: 30 }),
            again: fc.option(fc.nat(), { freq: 6 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.integer({ min: 1, max: 8 }),
        async (draws, size) => {
          const changes = withRedeliveries(draws, (d) => change(d.customer, d.segment, d.day));
          const single = setup();
          for (const c of changes) await single.useCase.execute(c);
          const batched = setup();
          for (let i = 0; i < changes.length; i += size)
            await batched.useCase.executeBatch(changes.slice(i, i + size));
          expect(firings(batched.published)).toEqual(firings(single.published));
          expect([...batched.recorded].sort()).toEqual([...single.recorded].sort());
        },
      ),
      { numRuns: 200 },
    );
  });
});
