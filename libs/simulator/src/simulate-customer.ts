import type { ContactEvent } from '@cip/contracts';
import { customerTimeline } from './behaviour/customer-timeline';
import { isoTimestamp } from './behaviour/iso-timestamp';
import type { EventDraft } from './behaviour/event-draft';
import type { SimulationConfig } from './config/simulation-config.schema';
import type { SimulatedCustomerTruth } from './population/customer-traits';
import { drawCustomer } from './population/draw-customer';
import { planChurn } from './population/plan-churn';
import { SeededRandom } from './random/seeded-random';
import type { SimulationWindow } from './simulation-window';

export interface SimulatedCustomer {
  /** Hidden from the platform: traits and when/why the customer churns. */
  truth: SimulatedCustomerTruth;
  /** The customer's interactions in time order, generated lazily. */
  events(): Generator<ContactEvent>;
}

export interface SimulationSettings {
  seed: number;
  config: SimulationConfig;
  window: SimulationWindow;
}

/**
 * Customer `index` of the population of `seed`: the same traits, plan and events whatever the
 * population size, because every customer draws from their own random stream.
 */
export function simulateCustomer(settings: SimulationSettings, index: number): SimulatedCustomer {
  const { seed, config, window } = settings;
  const random = new SeededRandom(seed, index);
  const traits = drawCustomer(random, seed, index, config, window);
  const churn = planChurn(random, traits, config, window);
  const leftAt = churn?.kind === 'quantity' ? churn.at : Infinity;
  const truth = { traits, churn };
  return {
    truth,
    *events() {
      // A fresh stream for events: replaying a customer's events gives the same events again.
      const eventRandom = new SeededRandom(seed ^ 0x5bd1e995, index);
      const counters = new Map<string, number>();
      const context = {
        random: eventRandom,
        customer: traits,
        plan: churn,
        config,
        activeFrom: Math.max(window.start, traits.joinedAt),
        activeUntil: Math.min(window.end - 1, leftAt),
        nextRef: (prefix: string) => {
          const n = (counters.get(prefix) ?? 0) + 1;
          counters.set(prefix, n);
          return `${prefix}-${traits.index}-${n}`;
        },
      };
      let sequence = 0;
      for (const draft of customerTimeline(context, window)) {
        sequence += 1;
        yield toContactEvent(draft, traits.customerId, sequence);
      }
    },
  };
}

function toContactEvent(draft: EventDraft, customerId: string, sequence: number): ContactEvent {
  // The draft union pairs each type with its payload; the envelope adds nothing type-specific.
  return {
    eventId: `${customerId}-e${sequence}`,
    type: draft.type,
    version: 1,
    occurredAt: isoTimestamp(draft.at),
    customerId,
    source: draft.source,
    payload: draft.payload,
  } as ContactEvent;
}

/** Customers `first` .. `first + count - 1`, one at a time: memory stays flat at any size. */
export function* simulatePopulation(
  settings: SimulationSettings,
  count: number,
  first = 0,
): Generator<SimulatedCustomer> {
  for (let index = first; index < first + count; index++) yield simulateCustomer(settings, index);
}
