import type { ContactEvent } from '@cip/contracts';
import {
  bandOf,
  extractChurnFeatures,
  pruneBefore,
  retainedHistory,
  scoreChurnRisk,
} from '@cip/churn-model';
import type { ActiveChurnModel, ChurnScore } from './churn-risk.ports';

export interface ChurnRiskAssessment {
  /** The history to keep: the stored events plus the new one, without duplicates. */
  history: ContactEvent[];
  /** The latest event time, never past `now` (a producer's clock may run ahead). */
  snapshot: number;
  pruneBefore: Date;
  score: ChurnScore | undefined;
}

/**
 * Scores a customer as of their latest event: the features see only the retained window, so the
 * online score matches what the model was trained on. Deterministic in (history, event, model),
 * so a redelivery rebuilds the same score.
 */
export function assessChurnRisk(
  stored: readonly ContactEvent[],
  event: ContactEvent,
  model: ActiveChurnModel | undefined,
  now: Date,
  maxReasons = 3,
): ChurnRiskAssessment {
  const history = stored.some((e) => e.eventId === event.eventId)
    ? [...stored]
    : [...stored, event];
  const latest = Math.max(...history.map((e) => Date.parse(e.occurredAt)));
  const snapshot = Math.min(latest, now.getTime());
  const prune = new Date(pruneBefore(snapshot));
  if (!model) return { history, snapshot, pruneBefore: prune, score: undefined };
  const features = extractChurnFeatures(retainedHistory(history, snapshot), snapshot);
  const risk = scoreChurnRisk(model.artefact, features, maxReasons);
  return {
    history,
    snapshot,
    pruneBefore: prune,
    score: {
      customerId: event.customerId,
      probability: risk.probability,
      band: bandOf(risk.probability, model.bandCuts),
      modelVersion: model.version,
      reasons: risk.reasons,
      asOf: new Date(snapshot),
      eventId: event.eventId,
    },
  };
}

/** Only a move *into* the high band raises an alert; staying high or falling out does not. */
export function crossedIntoHighRisk(
  previous: Pick<ChurnScore, 'band'> | undefined,
  current: Pick<ChurnScore, 'band'> | undefined,
): boolean {
  return current?.band === 'high' && previous?.band !== 'high';
}
