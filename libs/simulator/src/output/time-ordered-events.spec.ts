import { DEFAULT_SIMULATION_CONFIG } from '../config/default-simulation.config';
import { simulatePopulation } from '../simulate-customer';
import { windowEndingAt } from '../simulation-window';
import { timeOrderedEvents } from './time-ordered-events';

// Generates and validates thousands of events: slow on a loaded machine, never a timing assertion.
jest.setTimeout(120_000);

describe('timeOrderedEvents', () => {
  it('merges every customer’s events into one stream in occurredAt order, losing none', () => {
    const settings = {
      seed: 3,
      config: DEFAULT_SIMULATION_CONFIG,
      window: windowEndingAt(new Date('2026-01-01T00:00:00Z'), 2),
    };
    const perCustomer = [...simulatePopulation(settings, 150)].flatMap((c) => [...c.events()]);
    const merged = [...timeOrderedEvents(simulatePopulation(settings, 150))];

    expect(merged.map((event) => event.eventId).sort()).toEqual(
      perCustomer.map((event) => event.eventId).sort(),
    );
    const times = merged.map((event) => Date.parse(event.occurredAt));
    expect(times.every((at, i) => i === 0 || at >= (times[i - 1] ?? 0))).toBe(true);
  });
});
