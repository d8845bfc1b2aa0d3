import {
  contactEventV1Schema,
  contactEventV1StrictSchema,
  type ContactEvent,
} from '@cip/contracts';
import { createHash } from 'node:crypto';
import { DEFAULT_SIMULATION_CONFIG } from './config/default-simulation.config';
import { simulateCustomer, simulatePopulation, type SimulationSettings } from './simulate-customer';
import { windowEndingAt } from './simulation-window';

// Generates and validates thousands of events: slow on a loaded machine, never a timing assertion.
jest.setTimeout(120_000);

const window = windowEndingAt(new Date('2026-03-01T00:00:00Z'), 6);
const settingsFor = (seed: number): SimulationSettings => ({
  seed,
  config: DEFAULT_SIMULATION_CONFIG,
  window,
});

/** A digest of everything a run produces: traits, churn plans and every event. */
function fingerprint(seed: number, customers: number): string {
  const hash = createHash('sha256');
  for (const customer of simulatePopulation(settingsFor(seed), customers)) {
    hash.update(JSON.stringify(customer.truth));
    for (const event of customer.events()) hash.update(JSON.stringify(event));
  }
  return hash.digest('hex');
}

const sample = [...simulatePopulation(settingsFor(11), 600)].map((customer) => ({
  truth: customer.truth,
  events: [...customer.events()],
}));

describe('simulateCustomer', () => {
  it('produces the same population and events for the same seed, and others for another', () => {
    const first = fingerprint(42, 300);
    expect(fingerprint(42, 300)).toBe(first);
    expect(fingerprint(43, 300)).not.toBe(first);
  });

  it('gives a customer the same life whatever the population size or generation order', () => {
    const alone = simulateCustomer(settingsFor(11), 123);
    const inPopulation = sample[123];
    expect(alone.truth).toEqual(inPopulation?.truth);
    expect([...alone.events()]).toEqual(inPopulation?.events);
    // Replaying a customer's events gives them again.
    expect([...alone.events()]).toEqual(inPopulation?.events);
  });

  it('emits only events the contact-event contract accepts, strictly as the ingestion edge does', () => {
    const failures: string[] = [];
    for (const { events } of sample) {
      for (const event of events) {
        for (const schema of [contactEventV1Schema, contactEventV1StrictSchema]) {
          const result = schema.safeParse(JSON.parse(JSON.stringify(event)));
          if (!result.success && failures.length < 5) {
            failures.push(`${event.type}: ${JSON.stringify(result.error.issues)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('uses the interaction catalog broadly, including closures and cancellation requests', () => {
    const types = new Set(sample.flatMap(({ events }) => events.map((event) => event.type)));
    for (const type of [
      'purchase.completed',
      'payment.recorded',
      'call.completed',
      'complaint.filed',
      'complaint.escalated',
      'complaint.resolved',
      'survey.answered',
      'service.incident',
      'visit.completed',
      'message.sent',
      'message.opened',
      'message.clicked',
      'offer.responded',
      'contract.renewal-opened',
      'contract.renewed',
      'contract.cancellation-requested',
      'account.opened',
      'account.closed',
      'credit.assessed',
      'referral.made',
      'referral.converted',
    ] as const) {
      expect(types).toContain(type);
    }
  });

  it('keeps each customer in time order, inside the window, after joining, with unique ids', () => {
    const ids = new Set<string>();
    for (const { truth, events } of sample) {
      let previous = -Infinity;
      for (const event of events) {
        const at = Date.parse(event.occurredAt);
        expect(at).toBeGreaterThanOrEqual(previous);
        expect(at).toBeGreaterThanOrEqual(Math.max(window.start, truth.traits.joinedAt));
        expect(at).toBeLessThan(window.end);
        expect(event.customerId).toBe(truth.traits.customerId);
        previous = at;
        ids.add(event.eventId);
      }
    }
    expect(ids.size).toBe(sample.reduce((sum, { events }) => sum + events.length, 0));
  });

  it('agrees with the ground truth: nothing after leaving, the closure last, the request before', () => {
    const leavers = sample.filter(
      ({ truth: { churn } }) => churn?.kind === 'quantity' && churn.at < window.end,
    );
    expect(leavers.length).toBeGreaterThan(20);
    for (const { truth, events } of leavers) {
      const churn = truth.churn!;
      const last = events[events.length - 1] as ContactEvent;
      expect(Date.parse(last.occurredAt)).toBeLessThanOrEqual(churn.at);
      const closing = events.filter((event) => event.type === 'account.closed');
      if (churn.closure === 'silent') expect(closing).toEqual([]);
      else expect(last.type).toBe('account.closed');
      const request = events.find((event) => event.type === 'contract.cancellation-requested');
      if (
        churn.closure === 'contract-cancelled' &&
        churn.cancellationRequestedAt! >= window.start
      ) {
        expect(
          request?.type === 'contract.cancellation-requested' && request.payload.effectiveOn,
        ).toBe(new Date(churn.at).toISOString().slice(0, 10));
      }
    }
    const stayers = sample.filter(({ truth }) => truth.churn?.kind !== 'quantity');
    for (const { events } of stayers) {
      expect(events.some((event) => event.type === 'account.closed')).toBe(false);
    }
  });

  it('opens an account for customers who join during the window, and for no one else', () => {
    for (const { truth, events } of sample) {
      const opened = events.filter((event) => event.type === 'account.opened');
      expect(opened.length).toBe(truth.traits.stageAtStart === 'prospect' ? 1 : 0);
    }
  });
});
