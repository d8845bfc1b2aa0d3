import type { ClosedAlert } from './closed-alert';
import type { OpenAlert } from './open-alert';

/** Records an open alert and marks its event processed in one transaction (idempotent on both). */
export interface OpenAlertRecorder {
  record(eventId: string, alert: OpenAlert): Promise<'recorded' | 'duplicate'>;
}

/** Alerts raised for the customer and not closed (resolved or expired). */
export interface OpenAlertReader {
  openAlertsOf(customerId: string): Promise<OpenAlert[]>;
}

/**
 * Records that an alert is closed, drops its open copy, and marks the event processed in one
 * transaction (idempotent on both). A later raise of a closed alert must not reopen it.
 */
export interface ClosedAlertRecorder {
  close(eventId: string, alert: ClosedAlert): Promise<'closed' | 'duplicate'>;
}
