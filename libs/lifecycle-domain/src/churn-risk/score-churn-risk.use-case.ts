import type { ContactEvent } from '@cip/contracts';
import type { Clock } from '../clock';
import { fireUnlessCooling } from '../evaluation/build-firing';
import type { CooldownLookup } from '../evaluation/cooldown.port';
import type { CustomerProfiles } from '../evaluation/customer-profiles.port';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import type { FiringCause } from '../evaluation/firing-cause';
import type { FiringPublisher } from '../raise-alerts/raise-alerts.ports';
import { UNKNOWN_PROFILE } from '../severity/value-profile';
import { assessChurnRisk, crossedIntoHighRisk } from './assess-churn-risk';
import { CHURN_RISK_HIGH_TRIGGER } from './churn-risk-high.trigger';
import type { ActiveChurnModelSource, ChurnRiskStore, ChurnScore } from './churn-risk.ports';

export interface ScoreChurnRiskDeps {
  store: ChurnRiskStore;
  models: ActiveChurnModelSource;
  cooldown: CooldownLookup;
  publisher: FiringPublisher;
  clock: Clock;
  profiles?: Pick<CustomerProfiles, 'profileOf'>;
}

export type ScoreChurnRiskResult =
  | { status: 'already-processed' }
  | { status: 'no-model' }
  | { status: 'scored'; score: ChurnScore; fired: FiredTrigger[] };

/**
 * Contact event → the customer's churn score, and the `churn-risk-high` alert when the score
 * moves into the high band. Publish first, then record (event, score, alert, inbox) together, as
 * raise-alerts does: a crash in between redelivers the event, which rebuilds the same score and
 * the same deterministic alert id, so consumers drop the republished copy.
 */
export class ScoreChurnRiskUseCase {
  constructor(private readonly deps: ScoreChurnRiskDeps) {}

  async execute(event: ContactEvent): Promise<ScoreChurnRiskResult> {
    const { store } = this.deps;
    if (await store.isProcessed(event.eventId)) return { status: 'already-processed' };
    const now = this.deps.clock.now();
    const model = this.deps.models.current();
    const assessment = assessChurnRisk(await store.historyOf(event.customerId), event, model, now);
    const { score } = assessment;
    if (!score) {
      await store.record({ event, pruneBefore: assessment.pruneBefore, score, fired: [] });
      return { status: 'no-model' };
    }
    const previous = await store.latestScore(event.customerId);
    // A late, older event must not re-decide a crossing the newer score already settled.
    const isNewest = previous === undefined || score.asOf >= previous.asOf;
    const fired: FiredTrigger[] = [];
    if (isNewest && crossedIntoHighRisk(previous, score)) {
      const firing = await this.fire(event, score, now);
      if (firing) fired.push(firing);
    }
    if (fired.length > 0) await this.deps.publisher.publish(fired);
    await store.record({ event, pruneBefore: assessment.pruneBefore, score, fired });
    return { status: 'scored', score, fired };
  }

  private async fire(event: ContactEvent, score: ChurnScore, now: Date) {
    const profile = (await this.deps.profiles?.profileOf(event.customerId)) ?? UNKNOWN_PROFILE;
    const cause: FiringCause = {
      customerId: event.customerId,
      causingId: event.eventId,
      correlationId: event.correlationId ?? event.eventId,
      at: score.asOf,
      summary: `Score ${score.probability.toFixed(3)} (model ${score.modelVersion}): ${score.reasons
        .map((r) => r.label)
        .join('; ')}`,
      evidence: churnEvidence(score),
    };
    return fireUnlessCooling(cause, CHURN_RISK_HIGH_TRIGGER, this.deps.cooldown, now, profile);
  }
}

/** Flat evidence (the alert contract allows scalars only): score, model and ranked reasons. */
export function churnEvidence(score: ChurnScore): FiringCause['evidence'] {
  const evidence: FiringCause['evidence'] = {
    churnScore: Number(score.probability.toFixed(4)),
    churnBand: score.band,
    modelVersion: score.modelVersion,
  };
  score.reasons.forEach((reason, i) => {
    evidence[`reason${i + 1}`] = reason.label;
    evidence[`reason${i + 1}Feature`] = reason.feature;
  });
  return evidence;
}
