import type { AttritionAlertRaisedV1, Severity } from '@cip/contracts';

/** nba's copy of an alert still open for a customer. */
export interface OpenAlert {
  alertId: string;
  customerId: string;
  triggerId: string;
  severity: Severity;
  suggestedStrategy: string;
  raisedAt: Date;
  deadline: Date | null;
}

export function toOpenAlert(event: AttritionAlertRaisedV1): OpenAlert {
  return {
    alertId: event.payload.alertId,
    customerId: event.customerId,
    triggerId: event.payload.triggerId,
    severity: event.payload.severity,
    suggestedStrategy: event.payload.suggestedStrategy,
    raisedAt: new Date(event.occurredAt),
    deadline: event.payload.deadline ? new Date(event.payload.deadline) : null,
  };
}
