import type { ChurnPlan, CustomerTraits } from '../population/customer-traits';

/** How a customer's behaviour is scaled at one moment, relative to their own baseline. */
export interface Momentum {
  /** 0 before the precursors, rising to the plan's signal strength at the churn date. */
  progress: number;
  spend: number;
  purchases: number;
  activity: number;
  satisfaction: number;
  complaints: number;
  incidents: number;
  calls: number;
}

const STEADY: Omit<Momentum, 'satisfaction'> = {
  progress: 0,
  spend: 1,
  purchases: 1,
  activity: 1,
  complaints: 1,
  incidents: 1,
  calls: 1,
};

/** How much more leavers complain, by cause, at the end of their precursor period. */
const COMPLAINT_BOOST = { complaints: 8, 'network-quality': 4, price: 2, competitor: 0.5 } as const;
/** Network leavers suffer outages; service-experience leavers billing errors. */
const INCIDENT_BOOST = { complaints: 2, 'network-quality': 12, price: 0, competitor: 0 } as const;

/** How far through the precursor period `at` lies, 0-1. */
function elapsed(plan: ChurnPlan, at: number): number {
  if (at <= plan.precursorsFrom) return 0;
  const span = Math.max(1, plan.at - plan.precursorsFrom);
  return Math.min(1, (at - plan.precursorsFrom) / span);
}

/**
 * The precursors of churn as multipliers: spend and activity fall, satisfaction drops and the
 * cause shows (complaints for service experience, outages for network quality, calls for price
 * and competitors). Value churners keep going at a lower level after their date.
 */
export function momentumAt(
  customer: CustomerTraits,
  plan: ChurnPlan | undefined,
  at: number,
): Momentum {
  if (!plan) return { ...STEADY, satisfaction: customer.satisfaction };
  const through = elapsed(plan, at);
  const p = through * plan.signalStrength;
  if (plan.kind === 'value') {
    // The spend itself always reaches the new level: that is what value churn means.
    const spend = 1 - (1 - plan.spendFactor) * through;
    return {
      progress: p,
      spend,
      purchases: spend * spend,
      activity: 1 - 0.3 * p,
      satisfaction: Math.max(0, customer.satisfaction - 0.15 * p),
      complaints: 1 + (plan.cause === 'complaints' ? 3 : 1) * p,
      incidents: 1,
      calls: 1 + p,
    };
  }
  return {
    progress: p,
    spend: 1 - 0.6 * p,
    purchases: 1 - 0.9 * p,
    activity: 1 - 0.85 * p,
    satisfaction: Math.max(0, customer.satisfaction - 0.35 * p),
    complaints: 1 + COMPLAINT_BOOST[plan.cause] * p,
    incidents: 1 + INCIDENT_BOOST[plan.cause] * p,
    calls: 1 + 2 * p,
  };
}
