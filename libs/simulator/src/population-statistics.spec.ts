import type { ContactEvent } from '@cip/contracts';
import { DEFAULT_SIMULATION_CONFIG } from './config/default-simulation.config';
import { VALUE_TIERS } from './config/simulation-config.schema';
import type { SimulatedCustomerTruth } from './population/customer-traits';
import { simulatePopulation, type SimulationSettings } from './simulate-customer';
import { DAY_MS, windowEndingAt } from './simulation-window';

// Thousands of customers: slow on a loaded machine, never a timing assertion.
jest.setTimeout(120_000);

const settings: SimulationSettings = {
  seed: 7,
  config: DEFAULT_SIMULATION_CONFIG,
  window: windowEndingAt(new Date('2026-06-01T00:00:00Z'), 12),
};
const POPULATION = 4_000;

interface Observed {
  truth: SimulatedCustomerTruth;
  events: ContactEvent[];
}

const population: Observed[] = [...simulatePopulation(settings, POPULATION)].map((customer) => ({
  truth: customer.truth,
  events: [...customer.events()],
}));

function spendOf(event: ContactEvent): number {
  if (event.type === 'purchase.completed') return event.payload.amount;
  if (event.type === 'payment.recorded' && event.payload.status !== 'missed')
    return event.payload.amount;
  return 0;
}

/** Sum of `measure` over each customer's events in [reference - fromDays, reference - toDays). */
function total(
  group: readonly { observed: Observed; reference: number }[],
  fromDays: number,
  toDays: number,
  measure: (event: ContactEvent) => number,
): number {
  let sum = 0;
  for (const { observed, reference } of group) {
    const from = reference - fromDays * DAY_MS;
    const until = reference - toDays * DAY_MS;
    for (const event of observed.events) {
      const at = Date.parse(event.occurredAt);
      if (at >= from && at < until) sum += measure(event);
    }
  }
  return sum;
}

/**
 * Quantity churners who left inside the window with four months of history before, against
 * customers who never churn, seen over the same four months before the window's end.
 */
function cohorts() {
  const { start, end } = settings.window;
  const churners = population
    .filter(({ truth: { churn, traits } }) => {
      if (churn?.kind !== 'quantity' || churn.at >= end) return false;
      return churn.at - 120 * DAY_MS >= Math.max(start, traits.joinedAt);
    })
    .map((observed) => ({ observed, reference: observed.truth.churn?.at ?? 0 }));
  const stayers = population
    .filter(({ truth }) => truth.churn === undefined && truth.traits.joinedAt < start)
    .map((observed) => ({ observed, reference: end }));
  return { churners, stayers };
}

describe('population statistics (seed 7, 4,000 customers)', () => {
  it('draws value tiers in the configured shares, within 2 percentage points', () => {
    const shares = DEFAULT_SIMULATION_CONFIG.valueTiers;
    const configuredTotal = VALUE_TIERS.reduce((sum, tier) => sum + shares[tier].share, 0);
    for (const tier of VALUE_TIERS) {
      const observed =
        population.filter(({ truth }) => truth.traits.valueTier === tier).length / POPULATION;
      expect(Math.abs(observed - shares[tier].share / configuredTotal)).toBeLessThan(0.02);
    }
  });

  it('gives higher tiers higher bills: the value pyramid has a long tail', () => {
    const medianBill = (tier: string) => {
      const bills = population
        .filter(({ truth }) => truth.traits.valueTier === tier)
        .map(({ truth }) => truth.traits.monthlyBill)
        .sort((a, b) => a - b);
      return bills[Math.floor(bills.length / 2)] ?? 0;
    };
    expect(medianBill('vip')).toBeGreaterThan(medianBill('key'));
    expect(medianBill('key')).toBeGreaterThan(medianBill('ordinary'));
    expect(medianBill('ordinary')).toBeGreaterThan(medianBill('small'));
  });

  it('has churners spend less in their last month than three months earlier, unlike stayers', () => {
    const { churners, stayers } = cohorts();
    expect(churners.length).toBeGreaterThan(100);
    const trend = (group: typeof churners) =>
      total(group, 30, 0, spendOf) / total(group, 120, 90, spendOf);
    const churnerTrend = trend(churners);
    const stayerTrend = trend(stayers);
    expect(stayerTrend).toBeGreaterThan(0.8);
    expect(churnerTrend).toBeLessThan(stayerTrend - 0.2);
  });

  it('has churners complain more and visit less in their last month than stayers', () => {
    const { churners, stayers } = cohorts();
    const perCustomer = (group: typeof churners, type: ContactEvent['type']) =>
      total(group, 30, 0, (event) => (event.type === type ? 1 : 0)) / group.length;
    expect(perCustomer(churners, 'complaint.filed')).toBeGreaterThan(
      2.5 * perCustomer(stayers, 'complaint.filed'),
    );
    expect(perCustomer(churners, 'visit.completed')).toBeLessThan(
      0.7 * perCustomer(stayers, 'visit.completed'),
    );
  });

  it('has churners score lower in surveys in their last three months than stayers', () => {
    const { churners, stayers } = cohorts();
    const meanNps = (group: typeof churners) => {
      let sum = 0;
      let count = 0;
      total(group, 90, 0, (event) => {
        if (event.type === 'survey.answered' && event.payload.scale === 'nps-0-10') {
          sum += event.payload.score;
          count += 1;
        }
        return 0;
      });
      return sum / Math.max(count, 1);
    };
    expect(meanNps(churners)).toBeLessThan(meanNps(stayers) - 1);
  });

  it('shows each churn cause in the precursors: outages, competitor mentions, price complaints', () => {
    const { churners } = cohorts();
    const byCause = (cause: string) =>
      churners.filter((c) => c.observed.truth.churn?.cause === cause);
    const rate = (group: typeof churners, measure: (event: ContactEvent) => number) =>
      total(group, 60, 0, measure) / Math.max(group.length, 1);
    const outages = (event: ContactEvent) =>
      event.type === 'service.incident' && event.payload.kind === 'outage' ? 1 : 0;
    const signal = (name: string) => (event: ContactEvent) =>
      event.type === 'call.completed' && event.payload.signals?.some((s) => s === name) ? 1 : 0;

    expect(rate(byCause('network-quality'), outages)).toBeGreaterThan(
      2 * rate(byCause('price'), outages),
    );
    expect(rate(byCause('competitor'), signal('competitor-mentioned'))).toBeGreaterThan(
      3 * rate(byCause('complaints'), signal('competitor-mentioned')),
    );
    expect(rate(byCause('price'), signal('price-complaint'))).toBeGreaterThan(
      3 * rate(byCause('network-quality'), signal('price-complaint')),
    );
  });

  it('ties causes to traits: network leavers have worse coverage, price leavers mind price more', () => {
    const churners = population.filter(({ truth }) => truth.churn?.kind === 'quantity');
    const mean = (cause: string, trait: 'serviceQuality' | 'priceSensitivity') => {
      const group = churners.filter(({ truth }) => truth.churn?.cause === cause);
      return group.reduce((sum, { truth }) => sum + truth.traits[trait], 0) / group.length;
    };
    expect(mean('network-quality', 'serviceQuality')).toBeLessThan(
      mean('price', 'serviceQuality') - 0.03,
    );
    expect(mean('price', 'priceSensitivity')).toBeGreaterThan(
      mean('network-quality', 'priceSensitivity') + 0.02,
    );
  });

  it('makes value churners stay but pay less', () => {
    const { start, end } = settings.window;
    const valueChurners = population
      .filter(({ truth: { churn } }) => churn?.kind === 'value' && churn.at < end)
      .filter(({ truth: { churn } }) => (churn?.precursorsFrom ?? 0) - 60 * DAY_MS >= start)
      .map((observed) => ({ observed, reference: observed.truth.churn?.at ?? 0 }));
    expect(valueChurners.length).toBeGreaterThan(20);
    const bills = (event: ContactEvent) =>
      event.type === 'payment.recorded' ? event.payload.amount : 0;
    const before = valueChurners.map(({ observed }) => ({
      observed,
      reference: observed.truth.churn?.precursorsFrom ?? 0,
    }));
    const after = valueChurners.map(({ observed }) => ({
      observed,
      reference: (observed.truth.churn?.at ?? 0) + 30 * DAY_MS,
    }));
    expect(total(after, 30, 0, bills)).toBeLessThan(0.7 * total(before, 30, 0, bills));
  });

  it('has a yearly quantity churn rate in the range the domain describes (10-25%)', () => {
    const { end } = settings.window;
    const left = population.filter(
      ({ truth: { churn } }) => churn?.kind === 'quantity' && churn.at < end,
    );
    expect(left.length / POPULATION).toBeGreaterThan(0.1);
    expect(left.length / POPULATION).toBeLessThan(0.25);
  });
});
