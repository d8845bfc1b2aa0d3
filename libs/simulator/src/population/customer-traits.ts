import type {
  AgeBand,
  ChurnCause,
  CreditGrade,
  Gender,
  PreferredChannel,
  Region,
  ValueTier,
} from '../config/simulation-config.schema';

export type LifecycleStage = 'prospect' | 'new' | 'developing' | 'established';

/** What the simulator knows about a customer and the platform must infer from events. */
export interface CustomerTraits {
  index: number;
  customerId: string;
  valueTier: ValueTier;
  /** Baseline recurring bill (ARPU), before any churn. */
  monthlyBill: number;
  purchasesPerMonth: number;
  satisfaction: number;
  priceSensitivity: number;
  serviceQuality: number;
  /** Likelihood of opening messages, visiting, answering; 0-1. */
  engagement: number;
  region: Region;
  channelPreference: PreferredChannel;
  creditGrade: CreditGrade;
  kind: 'person' | 'organisation';
  ageBand: AgeBand | undefined;
  /** People only: YYYY-MM-DD, inside the age band. */
  birthDate: string | undefined;
  gender: Gender | undefined;
  householdSize: number | undefined;
  /** Organisations only. */
  industry: string | undefined;
  employeeCount: number | undefined;
  joinedAt: number;
  /** Stage at the start of the simulated window ('prospect' = joins during it). */
  stageAtStart: LifecycleStage;
  contractTermMonths: number | undefined;
  billingDay: number;
  /** Annualised probability of leaving, from the hazard model. */
  churnPropensity: number;
}

export type ChurnKind = 'quantity' | 'value';

/** When and why a customer leaves (quantity) or scales down (value); the ground truth. */
export interface ChurnPlan {
  kind: ChurnKind;
  cause: ChurnCause;
  /** Quantity: the moment of leaving (no activity after). Value: when spend settles lower. */
  at: number;
  /** Start of the precursors (falling spend, complaints...). */
  precursorsFrom: number;
  /** How visible the precursors are, 0-1: some leavers give little warning. */
  signalStrength: number;
  closure: 'contract-cancelled' | 'account-closed' | 'silent' | 'none';
  /** Quantity churners with a contract ask to cancel this long before leaving. */
  cancellationRequestedAt: number | undefined;
  /** Value churn: the fraction of the baseline spend kept. */
  spendFactor: number;
}

export interface SimulatedCustomerTruth {
  traits: CustomerTraits;
  churn: ChurnPlan | undefined;
}
