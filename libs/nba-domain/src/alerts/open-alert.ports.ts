import type { OpenAlert } from './open-alert';

/** Records an open alert and marks its event processed in one transaction (idempotent on both). */
export interface OpenAlertRecorder {
  record(eventId: string, alert: OpenAlert): Promise<'recorded' | 'duplicate'>;
}

export interface OpenAlertReader {
  openAlertsOf(customerId: string): Promise<OpenAlert[]>;
}
