import type { TriggerDefinition } from '../definitions/trigger-definition';

export const CHURN_RISK_HIGH_TRIGGER_ID = 'churn-risk-high';

/**
 * The anti-attrition trigger of the churn model. It is not in the stored catalog: the band
 * crossing is decided by score-churn-risk, never by the catalog's evaluators, so its condition
 * below only satisfies the type (no segment of that id exists). Cooldown, severity rule and
 * deadline are used exactly as for catalog triggers (fireUnlessCooling).
 */
export const CHURN_RISK_HIGH_TRIGGER: TriggerDefinition = {
  id: CHURN_RISK_HIGH_TRIGGER_ID,
  programme: 'anti-attrition',
  description: 'Churn risk score entered the high-risk band',
  condition: { kind: 'segment-entered', segmentId: 'lifecycle.churn-risk-high' },
  // A customer hovering around the cut would otherwise be alerted at every crossing.
  cooldownMs: 30 * 86_400_000,
  severityRule: { kind: 'value-satisfaction-quadrant', whenUnknown: 'high' },
  deadlineHours: 48,
  suggestedStrategy:
    'retention call within 48 hours: address the top reasons, counter-offer for high value',
  enabled: true,
};
