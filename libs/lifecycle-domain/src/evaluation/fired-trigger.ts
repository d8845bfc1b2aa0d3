import type { AttritionAlertRaisedV1, Severity, TriggerFiredV1 } from '@cip/contracts';

/** The alert row lifecycle keeps for a firing (status starts open). */
export interface AlertRecord {
  alertId: string;
  customerId: string;
  triggerId: string;
  severity: Severity;
  reason: string;
  evidence: Record<string, number | string | boolean | null>;
  suggestedStrategy: string;
  valueTier: AttritionAlertRaisedV1['payload']['valueTier'];
  raisedAt: Date;
  deadline: Date | null;
  causedByEventId: string;
}

/** A trigger that fired: the events to publish and, for anti-attrition triggers, the alert to store. */
export interface FiredTrigger {
  triggerId: string;
  severity: Severity;
  raisedAt: Date;
  deadline: Date | null;
  triggerFired: TriggerFiredV1;
  /** Present for anti-attrition triggers only: other programmes fire without an attrition alert. */
  alert?: { event: AttritionAlertRaisedV1; record: AlertRecord };
}
