import type { SimulationConfig } from '../config/simulation-config.schema';
import type { CustomerTraits } from './customer-traits';

/**
 * Quantity-churn hazard per year: the base rate scaled by how far the customer's traits sit from
 * the population average (proportional hazards). Dissatisfied, price-sensitive customers on a
 * poor network leave several times faster; VIPs under dedicated management more slowly.
 */
export function hazardPerYear(
  customer: Pick<
    CustomerTraits,
    'satisfaction' | 'priceSensitivity' | 'serviceQuality' | 'valueTier' | 'stageAtStart'
  >,
  config: SimulationConfig,
): number {
  const { hazardWeights: w, baseAnnualRate } = config.churn;
  const { traits } = config;
  const meanQuality =
    Object.values(traits.regions).reduce((sum, r) => sum + r.share * r.serviceQuality.mean, 0) /
    Object.values(traits.regions).reduce((sum, r) => sum + r.share, 0);
  const young = customer.stageAtStart === 'established' ? 0 : 1;
  const logMultiplier =
    w.dissatisfaction * (traits.satisfaction.mean - customer.satisfaction) +
    w.priceSensitivity * (customer.priceSensitivity - traits.priceSensitivity.mean) +
    w.poorServiceQuality * (meanQuality - customer.serviceQuality) +
    w.newCustomer * young;
  const base = -Math.log(1 - Math.min(baseAnnualRate, 0.999));
  return base * config.valueTiers[customer.valueTier].churnHazardFactor * Math.exp(logMultiplier);
}
