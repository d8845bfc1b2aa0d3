import type { AttritionAlertRaisedV1 } from '@cip/contracts';
import { toOpenAlert } from './open-alert';
import type { OpenAlertRecorder } from './open-alert.ports';

/** attrition.alert.raised → nba's open alert for the customer (idempotent on event and alert id). */
export class RecordOpenAlertUseCase {
  constructor(private readonly recorder: OpenAlertRecorder) {}

  execute(event: AttritionAlertRaisedV1): Promise<'recorded' | 'duplicate'> {
    return this.recorder.record(event.eventId, toOpenAlert(event));
  }
}
