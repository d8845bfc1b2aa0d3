import type { AlertStatusChangedV1 } from '@cip/contracts';

/** An alert that reached a final status: it no longer drives the customer's next-best-action. */
export interface ClosedAlert {
  alertId: string;
  customerId: string;
  status: 'resolved' | 'expired';
  closedAt: Date;
}

/** The closed alert an alert.status.changed announces, or null for a non-final step. */
export function toClosedAlert(event: AlertStatusChangedV1): ClosedAlert | null {
  const status = event.payload.to;
  // The contract's final statuses (FINAL_ALERT_STATUSES), spelt out so the type narrows.
  if (status !== 'resolved' && status !== 'expired') return null;
  return {
    alertId: event.payload.alertId,
    customerId: event.customerId,
    status,
    closedAt: new Date(event.payload.at),
  };
}
