import { parseArgs } from 'node:util';
import type { TrainFromPostgresOptions } from './train-churn-model-from-postgres';

export const TRAIN_CHURN_MODEL_USAGE = `Usage:
  churn-model:train-postgres [--model-version churn-<time>] [--observed-until <ISO date>]
      [--horizon-days 60] [--snapshots 6] [--step-days 30] [--held-out 0.3]
      [--silent-after-days 60] [--min-auc 0.6] [--no-activate]

Trains on lifecycle's churn_event_history (DATABASE_URL, DATABASE_SCHEMA_PREFIX as for the
service). Labels come from the history: a customer-initiated account.closed or a silence of
--silent-after-days (quantity churn), or a lasting fall of the bills (value churn). Snapshots
end --horizon-days before the history does. Stores a new churn_model version and activates it
when its held-out AUC reaches --min-auc.`;

export type TrainChurnModelCommand =
  | { kind: 'train'; options: Omit<TrainFromPostgresOptions, 'trainedAt'> }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export function parseTrainChurnModelArgs(argv: readonly string[]): TrainChurnModelCommand {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        'model-version': { type: 'string' },
        'observed-until': { type: 'string' },
        'horizon-days': { type: 'string', default: '60' },
        snapshots: { type: 'string', default: '6' },
        'step-days': { type: 'string', default: '30' },
        'held-out': { type: 'string', default: '0.3' },
        'silent-after-days': { type: 'string', default: '60' },
        'min-auc': { type: 'string', default: '0.6' },
        'no-activate': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) return { kind: 'help' };
    const observedUntil = values['observed-until'];
    if (observedUntil !== undefined && Number.isNaN(Date.parse(observedUntil))) {
      throw new Error(`--observed-until must be an ISO date, got ${observedUntil}`);
    }
    const version = values['model-version'];
    if (version !== undefined && (version.length === 0 || version.length > 64)) {
      throw new Error('--model-version must be 1-64 characters');
    }
    return {
      kind: 'train',
      options: {
        modelVersion: version,
        observedUntil: observedUntil === undefined ? undefined : new Date(observedUntil),
        horizonDays: positiveInteger(values['horizon-days'], '--horizon-days'),
        snapshotCount: positiveInteger(values.snapshots, '--snapshots'),
        stepDays: positiveInteger(values['step-days'], '--step-days'),
        heldOutShare: share(values['held-out'], '--held-out'),
        silentAfterDays: nonNegativeInteger(values['silent-after-days'], '--silent-after-days'),
        minAuc: share(values['min-auc'], '--min-auc'),
        activate: !values['no-activate'],
      },
    };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer`);
  return n;
}

function nonNegativeInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a non-negative integer`);
  return n;
}

function share(value: string, flag: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new Error(`${flag} must be between 0 and 1`);
  return n;
}
