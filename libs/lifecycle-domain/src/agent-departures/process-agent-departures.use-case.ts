import type { Clock } from '../clock';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import type { CustomerProfiles } from '../evaluation/customer-profiles.port';
import type { FiringPublisher } from '../raise-alerts/raise-alerts.ports';
import type { CustomerProfile } from '../severity/value-profile';
import type { DepartureWorkStore } from './agent-departure.ports';
import { departureTriggers, planDepartureFirings } from './plan-departure-firings';

export interface ProcessAgentDeparturesDeps {
  store: DepartureWorkStore;
  definitions: { get(): Promise<TriggerDefinition[]> };
  profiles: Pick<CustomerProfiles, 'profileOf' | 'profilesOf'>;
  publisher: FiringPublisher;
  clock: Clock;
  /** Customers settled per transaction. */
  pageSize?: number;
}

/**
 * Calls the customers of recorded departures, one page per transaction: severity from each
 * customer's value profile, trigger.fired + attrition.alert.raised published (acks) before the
 * page's outcomes and alerts commit. Safe to run on every instance.
 */
export class ProcessAgentDeparturesUseCase {
  readonly pageSize: number;

  constructor(private readonly deps: ProcessAgentDeparturesDeps) {
    this.pageSize = deps.pageSize ?? 200;
  }

  /** Settles one page; true when there was work (call again at once). */
  async tick(): Promise<boolean> {
    const now = this.deps.clock.now();
    return this.deps.store.settleNextPage(now, this.pageSize, async (page) => {
      const definitions = await this.deps.definitions.get();
      const profiles =
        departureTriggers(definitions).length === 0
          ? new Map<string, CustomerProfile>()
          : await this.profilesOf(page.customerIds);
      const settlements = planDepartureFirings({
        departure: page.departure,
        customerIds: page.customerIds,
        definitions,
        profiles,
        now,
      });
      const fired = settlements.flatMap((s) => s.fired);
      if (fired.length > 0) await this.deps.publisher.publish(fired);
      return settlements;
    });
  }

  private async profilesOf(
    customerIds: readonly string[],
  ): Promise<ReadonlyMap<string, CustomerProfile>> {
    const { profiles } = this.deps;
    if (profiles.profilesOf) return profiles.profilesOf(customerIds);
    const entries = await Promise.all(
      customerIds.map(async (id) => [id, await profiles.profileOf(id)] as const),
    );
    return new Map(entries);
  }
}
