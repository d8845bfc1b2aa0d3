import type { ContactEvent } from '@cip/contracts';
import type { Clock } from '../clock';
import { processedAmong, type ProfileSource } from '../evaluation/batch-lookups';
import type { CooldownLookup } from '../evaluation/cooldown.port';
import { fireCandidates, type FiringCandidate } from '../evaluation/fire-candidates';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import type { FiringCause } from '../evaluation/firing-cause';
import type { FiringPublisher } from '../raise-alerts/raise-alerts.ports';
import { assessChurnRisk, crossedIntoHighRisk } from './assess-churn-risk';
import { CHURN_RISK_HIGH_TRIGGER } from './churn-risk-high.trigger';
import type {
  ActiveChurnModelSource,
  ChurnRiskChange,
  ChurnRiskStore,
  ChurnScore,
} from './churn-risk.ports';

export interface ScoreChurnRiskDeps {
  store: ChurnRiskStore;
  models: ActiveChurnModelSource;
  cooldown: CooldownLookup;
  publisher: FiringPublisher;
  clock: Clock;
  profiles?: ProfileSource;
}

export type ScoreChurnRiskResult =
  | { status: 'already-processed' }
  | { status: 'no-model' }
  | { status: 'scored'; score: ChurnScore; fired: FiredTrigger[] };

/** A customer's state while a batch works through their events. */
interface CustomerState {
  history: ContactEvent[];
  latest: ChurnScore | undefined;
}

/**
 * Contact event → the customer's churn score, and the `churn-risk-high` alert when the score
 * moves into the high band. Publish first, then record (event, score, alert, inbox) together, as
 * raise-alerts does: a crash in between redelivers the event, which rebuilds the same score and
 * the same deterministic alert id, so consumers drop the republished copy.
 */
export class ScoreChurnRiskUseCase {
  constructor(private readonly deps: ScoreChurnRiskDeps) {}

  async execute(event: ContactEvent): Promise<ScoreChurnRiskResult> {
    const [result] = await this.executeBatch([event]);
    return result ?? { status: 'already-processed' };
  }

  /**
   * A partition batch in offset order, one result per event: histories and scores read once,
   * each event scored on its customer's history as the batch's earlier events left it, one
   * publish, one transaction. A repeated id is a redelivery: only its first occurrence counts.
   */
  async executeBatch(events: readonly ContactEvent[]): Promise<ScoreChurnRiskResult[]> {
    if (events.length === 0) return [];
    const { store } = this.deps;
    // Histories and scores of the batch's customers are read alongside the inbox (one round
    // trip of latency), even for a customer whose events all turn out processed.
    const [done, states] = await Promise.all([
      processedAmong(store, [...new Set(events.map((e) => e.eventId))]),
      this.load([...new Set(events.map((e) => e.customerId))]),
    ]);
    const seen = new Set<string>();
    const fresh = events.filter((e) => {
      const first = !done.has(e.eventId) && !seen.has(e.eventId);
      seen.add(e.eventId);
      return first;
    });
    if (fresh.length === 0) return events.map(() => ({ status: 'already-processed' }));

    const now = this.deps.clock.now();
    const model = this.deps.models.current();
    const changes: ChurnRiskChange[] = [];
    const candidates: FiringCandidate[][] = [];
    for (const event of fresh) {
      const state = states.get(event.customerId) ?? { history: [], latest: undefined };
      const assessment = assessChurnRisk(state.history, event, model, now);
      const { score, pruneBefore } = assessment;
      const previous = state.latest;
      // A late, older event must not re-decide a crossing the newer score already settled.
      const isNewest =
        previous === undefined || (score !== undefined && score.asOf >= previous.asOf);
      const crossed = score !== undefined && isNewest && crossedIntoHighRisk(previous, score);
      candidates.push(crossed ? [churnCandidate(event, score)] : []);
      changes.push({ event, pruneBefore, score, fired: [] });
      // What recording this event leaves, for the customer's next event in the batch.
      state.history = assessment.history.filter((e) => new Date(e.occurredAt) >= pruneBefore);
      if (score && isNewest) state.latest = score;
      states.set(event.customerId, state);
    }
    const fired = await fireCandidates(candidates, {
      cooldown: this.deps.cooldown,
      now,
      profiles: this.deps.profiles,
    });
    changes.forEach((change, i) => (change.fired = fired[i] ?? []));
    const all = changes.flatMap((c) => c.fired);
    if (all.length > 0) await this.deps.publisher.publish(all);
    await this.record(changes);

    const byId = new Map(changes.map((c) => [c.event.eventId, c]));
    return events.map((e): ScoreChurnRiskResult => {
      const change = byId.get(e.eventId);
      if (!change) return { status: 'already-processed' };
      byId.delete(e.eventId);
      return change.score
        ? { status: 'scored', score: change.score, fired: [...change.fired] }
        : { status: 'no-model' };
    });
  }

  private async load(customerIds: readonly string[]): Promise<Map<string, CustomerState>> {
    const { store } = this.deps;
    const [histories, scores] = await Promise.all([
      store.historiesOf
        ? store.historiesOf(customerIds)
        : new Map(
            await Promise.all(
              customerIds.map(async (id) => [id, await store.historyOf(id)] as const),
            ),
          ),
      store.latestScores
        ? store.latestScores(customerIds)
        : new Map(
            await Promise.all(
              customerIds.map(async (id) => [id, await store.latestScore(id)] as const),
            ),
          ),
    ]);
    return new Map(
      customerIds.map((id) => [
        id,
        { history: [...(histories.get(id) ?? [])], latest: scores.get(id) },
      ]),
    );
  }

  private async record(changes: readonly ChurnRiskChange[]): Promise<void> {
    const { store } = this.deps;
    if (store.recordAll) return store.recordAll(changes);
    for (const change of changes) await store.record(change);
  }
}

function churnCandidate(event: ContactEvent, score: ChurnScore): FiringCandidate {
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
  return { definition: CHURN_RISK_HIGH_TRIGGER, cause };
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
