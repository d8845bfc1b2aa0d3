import {
  examplesFromHistory,
  trainOnHistoryExamples,
  type HistoryTrainingResult,
  type HistoryTrainingSettings,
} from '@cip/churn-model';
import type { ChurnExample } from '@cip/churn-model';
import type { DataSource } from 'typeorm';
import { PostgresChurnHistoryReader } from './postgres-churn-history.reader';
import { PostgresChurnModelRepository } from './postgres-churn-model.repository';

export interface TrainFromPostgresOptions {
  modelVersion: string | undefined;
  trainedAt: Date;
  /** Default: the latest event in the history. */
  observedUntil: Date | undefined;
  horizonDays: number;
  snapshotCount: number;
  stepDays: number;
  heldOutShare: number;
  silentAfterDays: number;
  /** Make the new version the one the service scores with, if its held-out AUC is good enough. */
  activate: boolean;
  minAuc: number;
}

export interface TrainFromPostgresOutcome {
  result: HistoryTrainingResult;
  customers: number;
  activated: boolean;
}

/**
 * Trains on the customer histories lifecycle keeps in Postgres (churn_event_history), labels
 * churn from the histories themselves, and stores the model as a new churn_model version.
 */
export async function trainChurnModelFromPostgres(
  dataSource: DataSource,
  options: TrainFromPostgresOptions,
): Promise<TrainFromPostgresOutcome> {
  const reader = new PostgresChurnHistoryReader(dataSource);
  const observedUntil = options.observedUntil ?? (await reader.observedUntil());
  if (observedUntil === undefined)
    throw new Error('churn_event_history is empty: nothing to train on');
  const settings: HistoryTrainingSettings = {
    modelVersion: options.modelVersion ?? `churn-${options.trainedAt.toISOString()}`,
    trainedAt: options.trainedAt,
    observedUntil: observedUntil.getTime(),
    horizonDays: options.horizonDays,
    snapshotCount: options.snapshotCount,
    stepDays: options.stepDays,
    heldOutShare: options.heldOutShare,
    silentAfterDays: options.silentAfterDays,
    source: 'postgres:lifecycle.churn_event_history',
  };
  const examples: ChurnExample[] = [];
  let customers = 0;
  for await (const history of reader.histories()) {
    customers += 1;
    examples.push(...examplesFromHistory(history, settings));
  }
  const result = trainOnHistoryExamples(examples, settings);
  const auc = result.model.metrics.heldOut.auc;
  const activated = options.activate && auc !== null && auc >= options.minAuc;
  await new PostgresChurnModelRepository(dataSource).save({
    artefact: result.model,
    bandCuts: result.bandCuts,
    activate: activated,
  });
  return { result, customers, activated };
}
