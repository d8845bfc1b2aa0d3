import type { ChurnCause, SimulationConfig } from '../config/simulation-config.schema';
import type { SeededRandom } from '../random/seeded-random';
import { DAY_MS, MONTH_MS, YEAR_MS, type SimulationWindow } from '../simulation-window';
import { hazardPerYear } from './churn-hazard';
import type { ChurnPlan, CustomerTraits } from './customer-traits';

/** Contracts that end this soon after the customer decided to go are simply not renewed. */
const WAIT_FOR_CONTRACT_END_MS = 90 * DAY_MS;

/**
 * Decides whether, when and why the customer churns, up to `lookaheadDays` after the window
 * (so the last weeks of history already hold the precursors of churn that is still to come).
 */
export function planChurn(
  random: SeededRandom,
  customer: CustomerTraits,
  config: SimulationConfig,
  window: SimulationWindow,
): ChurnPlan | undefined {
  const { churn } = config;
  const activeFrom = Math.max(window.start, customer.joinedAt);
  const horizon = window.end + churn.lookaheadDays * DAY_MS;
  const leavesAt = activeFrom + random.exponential(YEAR_MS / hazardPerYear(customer, config));
  const precursorMs = random.uniform(churn.precursorDays.min, churn.precursorDays.max) * DAY_MS;
  // Most leavers show it for weeks; some give almost no warning, as in real data.
  const signalStrength = random.chance(0.15) ? random.uniform(0, 0.3) : random.uniform(0.5, 1);

  if (leavesAt < horizon) {
    const cause = random.weighted(causeWeights(customer, config));
    const at = Math.floor(leaveDate(customer, leavesAt, horizon));
    const contracted = customer.contractTermMonths !== undefined;
    const closure = contracted
      ? 'contract-cancelled'
      : random.chance(churn.silentShareWithoutContract)
        ? 'silent'
        : 'account-closed';
    const noticeMs = random.uniform(churn.noticeDays.min, churn.noticeDays.max) * DAY_MS;
    return {
      kind: 'quantity',
      cause,
      at,
      precursorsFrom: Math.floor(Math.max(customer.joinedAt, at - precursorMs)),
      signalStrength,
      closure,
      cancellationRequestedAt: contracted
        ? Math.floor(Math.max(customer.joinedAt, at - noticeMs))
        : undefined,
      spendFactor: 0,
    };
  }

  const rate = config.valueTiers[customer.valueTier].valueChurnAnnualRate;
  const years = (horizon - activeFrom) / YEAR_MS;
  if (rate <= 0 || !random.chance(1 - Math.exp(-rate * years))) return undefined;
  const { 'network-quality': _network, ...valueCauses } = causeWeights(customer, config);
  const at = Math.floor(
    random.uniform(Math.min(activeFrom + precursorMs, horizon - DAY_MS), horizon),
  );
  return {
    kind: 'value',
    cause: random.weighted(valueCauses),
    at,
    precursorsFrom: Math.floor(Math.max(activeFrom, at - precursorMs)),
    signalStrength,
    closure: 'none',
    cancellationRequestedAt: undefined,
    spendFactor: random.uniform(churn.valueChurnSpendFactor.min, churn.valueChurnSpendFactor.max),
  };
}

/** Each customer's traits tilt the cause: poor coverage → network, price-sensitive → price... */
function causeWeights(
  customer: CustomerTraits,
  config: SimulationConfig,
): Record<ChurnCause, number> {
  const base = config.churn.causeWeights;
  return {
    'network-quality': base['network-quality'] * (0.3 + 4 * (1 - customer.serviceQuality)),
    price: base.price * (0.3 + 2 * customer.priceSensitivity),
    complaints: base.complaints * (0.3 + 2 * (1 - customer.satisfaction)),
    competitor:
      base.competitor * (0.5 + customer.priceSensitivity + (customer.region === 'urban' ? 0.5 : 0)),
  };
}

/** Contract holders who decide to leave near the end of their term wait for it. */
function leaveDate(customer: CustomerTraits, decidedAt: number, horizon: number): number {
  if (customer.contractTermMonths === undefined) return decidedAt;
  const termMs = customer.contractTermMonths * MONTH_MS;
  const terms = Math.ceil((decidedAt - customer.joinedAt) / termMs);
  const contractEnd = customer.joinedAt + Math.max(1, terms) * termMs;
  return contractEnd - decidedAt <= WAIT_FOR_CONTRACT_END_MS && contractEnd < horizon
    ? contractEnd
    : decidedAt;
}
