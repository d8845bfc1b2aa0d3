import type { AttritionAlertRaisedV1 } from '@cip/contracts';

export type ValueTier = AttritionAlertRaisedV1['payload']['valueTier'];
export type SatisfactionLevel = 'high' | 'low' | 'unknown';

/** What lifecycle knows about a customer's value and satisfaction when a trigger fires. */
export interface CustomerProfile {
  valueTier: ValueTier;
  satisfaction: SatisfactionLevel;
}

/** The skeleton has no value/satisfaction feed yet: every customer is unknown on both axes. */
export const UNKNOWN_PROFILE: CustomerProfile = { valueTier: 'unknown', satisfaction: 'unknown' };
