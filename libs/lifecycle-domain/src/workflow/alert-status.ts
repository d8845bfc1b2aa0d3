/** Where an alert is in its workflow; the values of `alert.status`. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'actioned', 'resolved', 'expired'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** How a resolved alert ended: the customer kept, the customer gone, or nothing was needed. */
export const ALERT_OUTCOMES = ['saved', 'lost', 'no-action'] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];

/** No transition leaves these. */
export function isFinalStatus(status: AlertStatus): boolean {
  switch (status) {
    case 'resolved':
    case 'expired':
      return true;
    case 'open':
    case 'acknowledged':
    case 'actioned':
      return false;
  }
}
