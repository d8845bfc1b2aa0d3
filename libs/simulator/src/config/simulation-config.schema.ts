import { ISO_4217_CURRENCY_CODES } from '@cip/contracts';
import { z } from 'zod';

const share = z.number().min(0).max(1);
const positive = z.number().positive();
/** A log-normal given by its median and the sd of its logarithm. */
const logNormal = z.strictObject({ median: positive, sigma: z.number().min(0).max(3) });
/** A trait on a 0-1 scale, drawn from a normal clipped to [0, 1]. */
const scaleTrait = z.strictObject({ mean: share, sd: z.number().min(0).max(1) });
const weights = <K extends string>(keys: readonly [K, ...K[]]) =>
  z.record(z.enum(keys), z.number().nonnegative());
const range = z
  .strictObject({ min: z.number().nonnegative(), max: z.number().nonnegative() })
  .refine((r) => r.min <= r.max, 'min must not exceed max');

export const VALUE_TIERS = ['vip', 'key', 'ordinary', 'small'] as const;
export const CHURN_CAUSES = ['network-quality', 'price', 'complaints', 'competitor'] as const;
export const REGIONS = ['urban', 'suburban', 'rural'] as const;
export const PREFERRED_CHANNELS = ['sms', 'email', 'push', 'phone', 'app', 'branch'] as const;
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
/** As the customer file (customerProfileSchema) records it. */
export const GENDERS = ['female', 'male', 'non-binary', 'undisclosed'] as const;

const tierSchema = z.strictObject({
  share,
  /** The recurring bill (plan, subscription, instalment): the ARPU. */
  monthlyBill: logNormal,
  purchasesPerMonth: z.number().nonnegative(),
  purchaseAmount: logNormal,
  /** Added to the population's price sensitivity: big spenders mind price less. */
  priceSensitivityShift: z.number().min(-1).max(1),
  /** Multiplies the churn hazard: dedicated management keeps VIPs longer. */
  churnHazardFactor: z.number().nonnegative(),
  /** Yearly probability of value churn (stays but spends less); the domain's mid/high tiers. */
  valueChurnAnnualRate: share,
});

/**
 * Every distribution the simulator draws from, as data: `--config file.json` overrides any part.
 * Rates are per customer per month unless named otherwise.
 */
export const simulationConfigSchema = z.strictObject({
  currency: z.enum(ISO_4217_CURRENCY_CODES),
  valueTiers: z.record(z.enum(VALUE_TIERS), tierSchema),
  traits: z.strictObject({
    satisfaction: scaleTrait,
    priceSensitivity: scaleTrait,
    /** Network/service quality the customer experiences, by where they live. */
    regions: z.record(z.enum(REGIONS), z.strictObject({ share, serviceQuality: scaleTrait })),
    channelPreference: weights(PREFERRED_CHANNELS),
    creditGrades: z.record(
      z.enum(CREDIT_GRADES),
      z.strictObject({ share, lateRate: share, missedRate: share }),
    ),
    ageBands: weights(AGE_BANDS),
    genders: weights(GENDERS),
    organisationShare: share,
    industries: z.array(z.string().min(1).max(100)).min(1),
    /** Share of the population acquired during the simulated window (new customers). */
    joinedDuringWindowShare: share,
    /** Tenure at the window start of those already customers. */
    tenureMonths: logNormal,
    contractShare: share,
    contractTermMonths: z.array(z.number().int().min(1).max(120)).min(1),
  }),
  churn: z.strictObject({
    /** Yearly quantity churn of an average customer, before trait multipliers. */
    baseAnnualRate: share,
    /** How strongly each trait moves the hazard (log-hazard per unit of deviation). */
    hazardWeights: z.strictObject({
      dissatisfaction: z.number(),
      priceSensitivity: z.number(),
      poorServiceQuality: z.number(),
      newCustomer: z.number(),
    }),
    /** Relative weight of each cause before the customer's traits tilt it. */
    causeWeights: weights(CHURN_CAUSES),
    /** How long before leaving the precursors (falling spend, complaints...) start, in days. */
    precursorDays: range,
    /** Leavers without a closure event: they simply stop (prepaid, no contract). */
    silentShareWithoutContract: share,
    /** Days between the cancellation request and the account closing. */
    noticeDays: range,
    /** Churn dated up to this many days after the window is still recorded (future labels). */
    lookaheadDays: z.number().int().min(0).max(730),
    /** Value churners' spend settles at this fraction of their baseline. */
    valueChurnSpendFactor: range,
  }),
  activity: z.strictObject({
    visitsPerMonth: z.number().nonnegative(),
    inboundCallsPerMonth: z.number().nonnegative(),
    complaintsPerMonth: z.number().nonnegative(),
    incidentsPerMonth: z.number().nonnegative(),
    campaignMessagesPerMonth: z.number().nonnegative(),
    messageOpenRate: share,
    messageClickRate: share,
    offersPerMonth: z.number().nonnegative(),
    npsSurveyResponsesPerMonth: z.number().nonnegative(),
    csatAfterComplaintRate: share,
    referralsPerMonthForPromoters: z.number().nonnegative(),
    /** Share of an ordinary customer's calls where a competitor comes up: noise for the triggers. */
    competitorMentionRate: share,
    complaintResolutionDays: positive,
    complaintEscalationRate: share,
  }),
});

export type SimulationConfig = z.output<typeof simulationConfigSchema>;
export type ValueTier = (typeof VALUE_TIERS)[number];
export type ChurnCause = (typeof CHURN_CAUSES)[number];
export type Region = (typeof REGIONS)[number];
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];
export type CreditGrade = (typeof CREDIT_GRADES)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export type Gender = (typeof GENDERS)[number];
