import { parseArgs } from 'node:util';

export const CHURN_MODEL_USAGE = `Usage:
  churn-model train --data <dir> [--snapshot <ISO date>|auto] [--horizon-days 60]
                    [--snapshots 6] [--step-days 30] [--held-out 0.3]
                    [--model-version churn-v1] --out <model.json>
  churn-model score --model <model.json> --data <dir> [--snapshot <ISO date>|auto] [--top 20]

<dir> holds events.ndjson (grouped by customer), and ground-truth.csv for training (optional
for scoring: when present, the true churn cause is printed next to the reason codes).
--snapshot auto takes the window end from <dir>/summary.json. Training takes every customer at
--snapshots dates, --step-days apart, ending at --snapshot (more churn episodes to learn from);
the held-out customers (a hash of the id) are evaluated at the same dates.`;

export type ChurnModelCommand =
  | {
      command: 'train';
      dataDir: string;
      snapshot: string;
      horizonDays: number;
      snapshotCount: number;
      stepDays: number;
      heldOutShare: number;
      modelVersion: string;
      out: string;
    }
  | { command: 'score'; dataDir: string; snapshot: string; model: string; top: number };

export function parseChurnModelArgs(argv: readonly string[]): ChurnModelCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      snapshot: { type: 'string', default: 'auto' },
      'horizon-days': { type: 'string', default: '60' },
      snapshots: { type: 'string', default: '6' },
      'step-days': { type: 'string', default: '30' },
      'held-out': { type: 'string', default: '0.3' },
      'model-version': { type: 'string', default: 'churn-v1' },
      out: { type: 'string' },
      model: { type: 'string' },
      top: { type: 'string', default: '20' },
    },
  });
  const dataDir = required(values.data, '--data');
  const snapshot = values.snapshot;
  if (snapshot !== 'auto' && Number.isNaN(Date.parse(snapshot))) {
    throw new Error(`--snapshot must be an ISO date or 'auto', got ${snapshot}`);
  }
  const command = positionals[0];
  if (command === 'train') {
    return {
      command,
      dataDir,
      snapshot,
      horizonDays: positiveInteger(values['horizon-days'], '--horizon-days'),
      snapshotCount: positiveInteger(values.snapshots, '--snapshots'),
      stepDays: positiveInteger(values['step-days'], '--step-days'),
      heldOutShare: share(values['held-out'], '--held-out'),
      modelVersion: values['model-version'],
      out: required(values.out, '--out'),
    };
  }
  if (command === 'score') {
    return {
      command,
      dataDir,
      snapshot,
      model: required(values.model, '--model'),
      top: positiveInteger(values.top, '--top'),
    };
  }
  throw new Error(`expected 'train' or 'score', got ${command ?? 'nothing'}`);
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer`);
  return n;
}

function share(value: string, flag: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new Error(`${flag} must be between 0 and 1`);
  return n;
}
