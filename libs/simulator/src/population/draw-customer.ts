import type { AgeBand, SimulationConfig, ValueTier } from '../config/simulation-config.schema';
import type { SeededRandom } from '../random/seeded-random';
import { DAY_MS, MONTH_MS, YEAR_MS, type SimulationWindow } from '../simulation-window';
import type { CustomerTraits, LifecycleStage } from './customer-traits';
import { hazardPerYear } from './churn-hazard';

export function customerIdOf(seed: number, index: number): string {
  return `sim${seed}-${index.toString().padStart(7, '0')}`;
}

function shares<K extends string>(table: Record<K, { share: number }>): Record<K, number> {
  const weights = {} as Record<K, number>;
  for (const key of Object.keys(table) as K[]) weights[key] = table[key].share;
  return weights;
}

/** A birth date that puts the customer in their age band at the window's end. */
function birthDateIn(random: SeededRandom, band: AgeBand, at: number): string {
  const [low = 18, high = 90] = band.split(/[-+]/).filter(Boolean).map(Number);
  const age = random.uniform(low, band.endsWith('+') ? 90 : high + 1);
  return new Date(at - age * YEAR_MS).toISOString().slice(0, 10);
}

function stageAt(tenureMonths: number): LifecycleStage {
  if (tenureMonths < 3) return 'new';
  if (tenureMonths < 6) return 'developing';
  return 'established';
}

/**
 * Draws one customer's hidden traits. Uses the random stream it is given, which the caller
 * derives from (seed, index) so the customer is the same in any run with that seed.
 */
export function drawCustomer(
  random: SeededRandom,
  seed: number,
  index: number,
  config: SimulationConfig,
  window: SimulationWindow,
): CustomerTraits {
  const { traits } = config;
  const valueTier: ValueTier = random.weighted(shares(config.valueTiers));
  const tier = config.valueTiers[valueTier];
  const region = random.weighted(shares(traits.regions));
  const quality = traits.regions[region].serviceQuality;
  const kind = random.chance(traits.organisationShare) ? 'organisation' : 'person';
  const ageBand = kind === 'person' ? random.weighted(traits.ageBands) : undefined;

  const joinsDuringWindow = random.chance(traits.joinedDuringWindowShare);
  const tenureMonths = joinsDuringWindow
    ? 0
    : random.logNormal(traits.tenureMonths.median, traits.tenureMonths.sigma);
  const joinedAt = Math.floor(
    joinsDuringWindow
      ? random.uniform(window.start, window.end - DAY_MS)
      : window.start - tenureMonths * MONTH_MS,
  );
  const satisfaction = random.clippedNormal(traits.satisfaction.mean, traits.satisfaction.sd);
  const priceSensitivity = random.clippedNormal(
    traits.priceSensitivity.mean + tier.priceSensitivityShift,
    traits.priceSensitivity.sd,
  );
  const serviceQuality = random.clippedNormal(quality.mean, quality.sd);

  const customer: CustomerTraits = {
    index,
    customerId: customerIdOf(seed, index),
    valueTier,
    monthlyBill: round2(random.logNormal(tier.monthlyBill.median, tier.monthlyBill.sigma)),
    purchasesPerMonth: tier.purchasesPerMonth * random.logNormal(1, 0.4),
    satisfaction,
    priceSensitivity,
    serviceQuality,
    // Satisfied customers read what we send; the rest of engagement is personal habit.
    engagement: Math.min(1, Math.max(0, 0.5 * satisfaction + random.uniform(0, 0.5))),
    region,
    channelPreference: random.weighted(traits.channelPreference),
    creditGrade: random.weighted(shares(traits.creditGrades)),
    kind,
    ageBand,
    birthDate: ageBand === undefined ? undefined : birthDateIn(random, ageBand, window.end),
    gender: kind === 'person' ? random.weighted(traits.genders) : undefined,
    householdSize: kind === 'person' ? 1 + random.poisson(1.4) : undefined,
    industry: kind === 'organisation' ? random.pick(traits.industries) : undefined,
    employeeCount: kind === 'organisation' ? Math.round(random.logNormal(12, 1.5)) : undefined,
    joinedAt,
    stageAtStart: joinsDuringWindow ? 'prospect' : stageAt(tenureMonths),
    contractTermMonths: random.chance(traits.contractShare)
      ? random.pick(traits.contractTermMonths)
      : undefined,
    billingDay: random.int(1, 28),
    churnPropensity: 0,
  };
  customer.churnPropensity = 1 - Math.exp(-hazardPerYear(customer, config));
  return customer;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
