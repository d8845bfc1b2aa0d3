import type { ContactEvent } from '@cip/contracts';
import { bandCutsOf, type ChurnRiskBandCuts } from '../bands/risk-bands';
import { DAY_MS, extractChurnFeatures } from '../features/extract-churn-features';
import type { ChurnModelArtefact } from '../model/churn-model-artefact';
import { churnLabel } from '../model/churn-outcome';
import { trainChurnModel, type ChurnExample, type HeldOutScore } from '../model/train-churn-model';
import { scoreChurnRisk } from '../scoring/score-churn-risk';
import { HISTORY_RETENTION_DAYS, retainedHistory } from './history-retention';
import { labelChurnFromHistory } from './label-churn-from-history';

export interface StoredCustomerHistory {
  customerId: string;
  events: readonly ContactEvent[];
}

export interface HistoryTrainingSettings {
  modelVersion: string;
  trainedAt: Date;
  /** End of the observed history (epoch ms); the latest snapshot is `horizonDays` before it. */
  observedUntil: number;
  horizonDays: number;
  snapshotCount: number;
  stepDays: number;
  heldOutShare: number;
  silentAfterDays: number;
  retentionDays?: number;
  source?: string;
}

export interface HistoryTrainingResult {
  model: ChurnModelArtefact;
  bandCuts: ChurnRiskBandCuts;
  heldOut: HeldOutScore[];
  snapshots: Date[];
}

/** Snapshots end one horizon before the history does, so every label is fully observed. */
export function historySnapshots(settings: HistoryTrainingSettings): number[] {
  const latest = settings.observedUntil - settings.horizonDays * DAY_MS;
  return Array.from(
    { length: settings.snapshotCount },
    (_, i) => latest - i * settings.stepDays * DAY_MS,
  );
}

/**
 * One customer's training rows: the label comes from the history (labelChurnFromHistory) and
 * each snapshot sees only what a service pruning at the retention window would hold then.
 */
export function examplesFromHistory(
  history: StoredCustomerHistory,
  settings: HistoryTrainingSettings,
): ChurnExample[] {
  const { customerId, events } = history;
  const outcome = labelChurnFromHistory(customerId, events, {
    observedUntil: settings.observedUntil,
    silentAfterDays: settings.silentAfterDays,
  });
  const examples: ChurnExample[] = [];
  for (const snapshot of historySnapshots(settings)) {
    const seen = retainedHistory(
      events,
      snapshot,
      settings.retentionDays ?? HISTORY_RETENTION_DAYS,
    );
    // Not a customer yet at this snapshot: nothing to predict from.
    if (!seen.some((event) => Date.parse(event.occurredAt) <= snapshot)) continue;
    examples.push({
      customerId,
      snapshot,
      features: extractChurnFeatures(seen, snapshot),
      outcome,
    });
  }
  return examples;
}

/**
 * Trains on rows built by examplesFromHistory (customers held out by hash) and derives the band
 * cuts from the score quantiles over every labelled row.
 */
export function trainOnHistoryExamples(
  examples: readonly ChurnExample[],
  settings: HistoryTrainingSettings,
): HistoryTrainingResult {
  const snapshots = historySnapshots(settings).map((s) => new Date(s));
  const { model, heldOut } = trainChurnModel(examples, {
    modelVersion: settings.modelVersion,
    trainedAt: settings.trainedAt,
    snapshots,
    horizonDays: settings.horizonDays,
    heldOutShare: settings.heldOutShare,
    ...(settings.source === undefined ? {} : { source: settings.source }),
  });
  const scores = examples
    .filter((e) => churnLabel(e.outcome, e.snapshot, settings.horizonDays) !== 'excluded')
    .map((e) => scoreChurnRisk(model, e.features).probability);
  return { model, bandCuts: bandCutsOf(scores), heldOut, snapshots };
}

export function trainChurnModelFromHistory(
  histories: Iterable<StoredCustomerHistory>,
  settings: HistoryTrainingSettings,
): HistoryTrainingResult {
  const examples: ChurnExample[] = [];
  for (const history of histories) examples.push(...examplesFromHistory(history, settings));
  return trainOnHistoryExamples(examples, settings);
}
