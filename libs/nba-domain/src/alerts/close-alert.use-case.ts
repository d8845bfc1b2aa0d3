import type { AlertStatusChangedV1 } from '@cip/contracts';
import { toClosedAlert } from './closed-alert';
import type { ClosedAlertRecorder } from './open-alert.ports';

export type CloseAlertOutcome = 'closed' | 'duplicate' | 'still-open';

/**
 * alert.status.changed → a resolved or expired alert stops driving the next-best-action.
 * Acknowledged and actioned alerts still need the action, so those steps change nothing.
 * Idempotent on the event id and the alert id; a close that arrives before its raise still
 * wins (the recorder keeps the closed id, the raise is then ignored).
 */
export class CloseAlertUseCase {
  constructor(private readonly recorder: ClosedAlertRecorder) {}

  async execute(event: AlertStatusChangedV1): Promise<CloseAlertOutcome> {
    const closed = toClosedAlert(event);
    if (closed === null) return 'still-open';
    return this.recorder.close(event.eventId, closed);
  }
}
