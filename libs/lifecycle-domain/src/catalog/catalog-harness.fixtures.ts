import type { SegmentMembershipChangedV1, ContactEvent } from '@cip/contracts';
import type { AgentDeparture } from '../agent-departures/agent-departure';
import { planDepartureFirings } from '../agent-departures/plan-departure-firings';
import {
  toTriggerDefinition,
  type StoredTriggerDefinition,
} from '../definitions/trigger-definition';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import { InMemoryCooldown } from '../evaluation/in-memory-cooldown';
import { WatchContactEventsUseCase } from '../evaluation/watch-contact-events.use-case';
import { RaiseAlertsUseCase } from '../raise-alerts/raise-alerts.use-case';
import { UNKNOWN_PROFILE, type CustomerProfile } from '../severity/value-profile';
import { FireDueTimersUseCase } from '../timers/fire-due-timers.use-case';
import { InMemoryTriggerState } from '../timers/in-memory-trigger-state';
import { BUILT_IN_TRIGGERS } from './built-in-triggers';

// Test fixture: the whole trigger path in memory (not exported from index.ts).

/** The catalog wired to in-memory stores, a movable clock and a settable customer profile. */
export class CatalogHarness {
  readonly state = new InMemoryTriggerState();
  readonly published: FiredTrigger[] = [];
  nowMs: number;
  profile: CustomerProfile = UNKNOWN_PROFILE;
  private readonly contacts: WatchContactEventsUseCase;
  private readonly timers: FireDueTimersUseCase;
  private readonly memberships: RaiseAlertsUseCase;
  private readonly catalog: readonly StoredTriggerDefinition[];

  constructor(start: Date, catalog: readonly StoredTriggerDefinition[] = BUILT_IN_TRIGGERS) {
    this.nowMs = start.getTime();
    this.catalog = catalog;
    const definitions = { get: async () => catalog.map(toTriggerDefinition) };
    const clock = { now: () => new Date(this.nowMs) };
    const cooldown = new InMemoryCooldown();
    const publisher = {
      publish: async (fired: readonly FiredTrigger[]) => {
        this.published.push(...fired);
      },
    };
    const profiles = {
      profileOf: async () => this.profile,
      learnFrom: async () => undefined,
    };
    this.contacts = new WatchContactEventsUseCase({
      processed: this.state,
      recorder: this.state,
      counts: this.state,
      definitions,
      cooldown,
      publisher,
      clock,
      profiles,
    });
    this.timers = new FireDueTimersUseCase({
      store: this.state,
      definitions,
      cooldown,
      publisher,
      clock,
      profiles,
    });
    const processed = new Set<string>();
    this.memberships = new RaiseAlertsUseCase({
      processed: { isProcessed: async (id) => processed.has(id) },
      recorder: {
        record: async (id) => {
          processed.add(id);
        },
      },
      definitions,
      cooldown,
      publisher,
      clock,
      profiles,
    });
  }

  /** Processes contact events in order, the clock following their times. */
  async contact(...events: ContactEvent[]): Promise<void> {
    for (const event of events) {
      this.nowMs = Math.max(this.nowMs, Date.parse(event.occurredAt));
      await this.contacts.execute(event);
    }
  }

  async membership(change: SegmentMembershipChangedV1): Promise<void> {
    this.nowMs = Math.max(this.nowMs, Date.parse(change.occurredAt));
    await this.memberships.execute(change);
  }

  /** A recorded agent departure settles its customers (the worker's page, in memory). */
  departure(departure: AgentDeparture, customerIds: readonly string[]): Promise<void> {
    const settlements = planDepartureFirings({
      departure,
      customerIds,
      definitions: this.catalog.map(toTriggerDefinition),
      profiles: new Map(customerIds.map((id) => [id, this.profile])),
      now: new Date(this.nowMs),
    });
    this.published.push(...settlements.flatMap((s) => s.fired));
    return Promise.resolve();
  }

  /** Moves the clock and fires every timer due by then. */
  async advanceTo(at: Date): Promise<void> {
    this.nowMs = at.getTime();
    while ((await this.timers.tick()) > 0) {
      // drain
    }
  }

  firedIds(customerId = 'cust-1'): string[] {
    return this.published
      .filter((f) => f.triggerFired.customerId === customerId)
      .map((f) => f.triggerId);
  }
}
