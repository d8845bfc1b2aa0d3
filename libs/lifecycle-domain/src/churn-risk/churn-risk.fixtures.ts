import { CHURN_FEATURE_NAMES, type ChurnFeatureName } from '@cip/churn-model';
import type { ContactEvent } from '@cip/contracts';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import type {
  ActiveChurnModel,
  ChurnRiskChange,
  ChurnRiskStore,
  ChurnScore,
} from './churn-risk.ports';

// Test fixtures for churn-risk specs (not exported from index.ts).

/**
 * A hand-made model on raw features (means 0, stds 1): log-odds = bias + Σ weight × value. With
 * the defaults, p = σ(−3 + 1.5 × complaints in 90 days + 1 × price calls): one complaint 0.18,
 * two 0.5 (the high cut), three 0.82.
 */
export function handMadeModel(
  weights: Partial<Record<ChurnFeatureName, number>> = {
    complaintsLast90Days: 1.5,
    priceComplaintCallsLast90Days: 1,
  },
  version = 'spec-v1',
  bias = -3,
): ActiveChurnModel {
  const width = CHURN_FEATURE_NAMES.length;
  return {
    version,
    bandCuts: { high: 0.5, elevated: 0.3, highShare: 0.1, elevatedShare: 0.25 },
    artefact: {
      format: 'churn-logistic-regression/v1',
      modelVersion: version,
      trainedAt: '2026-01-01T00:00:00.000Z',
      featureNames: [...CHURN_FEATURE_NAMES],
      standardisation: { means: Array<number>(width).fill(0), stds: Array<number>(width).fill(1) },
      weights: CHURN_FEATURE_NAMES.map((name) => weights[name] ?? 0),
      bias,
      training: {
        snapshots: ['2026-01-01T00:00:00.000Z'],
        horizonDays: 60,
        heldOutShare: 0.3,
        l2: 0.01,
        learningRate: 0.5,
        iterations: 1,
        rows: 0,
        positives: 0,
        finalLogLoss: 0,
      },
      metrics: { heldOut: { rows: 0, positives: 0, auc: null, precisionAtTop10Percent: null } },
    },
  };
}

/** The store's contract in memory: claim, keep the event, prune, keep the newer score. */
export class InMemoryChurnRiskStore implements ChurnRiskStore {
  readonly processed = new Set<string>();
  readonly events = new Map<string, ContactEvent[]>();
  readonly scores = new Map<string, ChurnScore>();
  readonly alerts = new Map<string, FiredTrigger>();

  isProcessed(eventId: string) {
    return Promise.resolve(this.processed.has(eventId));
  }
  historyOf(customerId: string) {
    return Promise.resolve([...(this.events.get(customerId) ?? [])]);
  }
  latestScore(customerId: string) {
    return Promise.resolve(this.scores.get(customerId));
  }
  record({ event, pruneBefore, score, fired }: ChurnRiskChange) {
    if (this.processed.has(event.eventId)) return Promise.resolve();
    this.processed.add(event.eventId);
    const kept = [...(this.events.get(event.customerId) ?? []), event].filter(
      (e) => new Date(e.occurredAt) >= pruneBefore,
    );
    this.events.set(event.customerId, kept);
    const previous = this.scores.get(event.customerId);
    if (score && (!previous || previous.asOf <= score.asOf))
      this.scores.set(score.customerId, score);
    for (const f of fired) if (f.alert) this.alerts.set(f.alert.record.alertId, f);
    return Promise.resolve();
  }
}
