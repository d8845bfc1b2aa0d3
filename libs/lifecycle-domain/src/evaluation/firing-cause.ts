import type { AlertRecord } from './fired-trigger';

/**
 * What made a trigger fire, whatever the signal: a membership change, a contact event or an
 * absence timer coming due. `causingId` seeds the deterministic ids, `at` the raisedAt time, so a
 * redelivery or a re-fire after a crash rebuilds byte-identical events.
 */
export interface FiringCause {
  customerId: string;
  /** Event id (or timer id) the firing ids derive from; the events' causationId. */
  causingId: string;
  /** The chain's original correlation. */
  correlationId: string;
  /** When the condition became true (clamped to now when the firing is built). */
  at: Date;
  /** Appended to the trigger's description to form the reason. */
  summary: string;
  evidence: AlertRecord['evidence'];
}
