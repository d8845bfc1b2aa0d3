import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DAY_MS, extractChurnFeatures } from '../features/extract-churn-features';
import { parseChurnModel, serialiseChurnModel } from '../model/churn-model-artefact';
import type { ChurnOutcome } from '../model/churn-outcome';
import { trainChurnModel, type ChurnExample } from '../model/train-churn-model';
import { scoreChurnRisk, type ChurnRisk } from '../scoring/score-churn-risk';
import { CHURN_MODEL_USAGE, parseChurnModelArgs, type ChurnModelCommand } from './churn-model-args';
import { readCustomerHistories } from './read-customer-histories';
import { readGroundTruth } from './read-ground-truth';

const summaryWindowSchema = z.object({ window: z.object({ end: z.iso.datetime() }) });

/** 'auto' is the end of the simulated window: the ground truth looks 90 days past it. */
function snapshotOf(dataDir: string, snapshot: string): Date {
  if (snapshot !== 'auto') return new Date(snapshot);
  const summary = summaryWindowSchema.parse(
    JSON.parse(readFileSync(join(dataDir, 'summary.json'), 'utf8')),
  );
  return new Date(summary.window.end);
}

async function* examplesOf(
  dataDir: string,
  snapshots: readonly number[],
  outcomes: ReadonlyMap<string, ChurnOutcome>,
): AsyncGenerator<ChurnExample> {
  let invalid = 0;
  const histories = readCustomerHistories(join(dataDir, 'events.ndjson'), () => (invalid += 1));
  for await (const { customerId, events } of histories) {
    for (const snapshot of snapshots) {
      yield {
        customerId,
        snapshot,
        features: extractChurnFeatures(events, snapshot),
        outcome: outcomes.get(customerId),
      };
    }
  }
  if (invalid > 0) process.stderr.write(`skipped ${invalid} invalid event lines\n`);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function train(options: Extract<ChurnModelCommand, { command: 'train' }>): Promise<void> {
  const latest = snapshotOf(options.dataDir, options.snapshot).getTime();
  const snapshots = Array.from(
    { length: options.snapshotCount },
    (_, i) => new Date(latest - i * options.stepDays * DAY_MS),
  );
  const outcomes = readGroundTruth(join(options.dataDir, 'ground-truth.csv'));
  const examples = await collect(
    examplesOf(
      options.dataDir,
      snapshots.map((d) => d.getTime()),
      outcomes,
    ),
  );
  const { model } = trainChurnModel(examples, {
    modelVersion: options.modelVersion,
    trainedAt: new Date(),
    snapshots,
    horizonDays: options.horizonDays,
    heldOutShare: options.heldOutShare,
    source: options.dataDir,
  });
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, serialiseChurnModel(model));
  const { heldOut } = model.metrics;
  const t = model.training;
  process.stdout.write(
    `snapshots ${t.snapshots.join(', ')}; horizon ${t.horizonDays} days\n` +
      `trained on ${t.rows} customer-snapshots (${t.positives} churn within the horizon), ` +
      `held out ${heldOut.rows} (${heldOut.positives})\n` +
      `held-out AUC ${format(heldOut.auc)}, precision at top 10% ${format(heldOut.precisionAtTop10Percent)} ` +
      `(base rate ${format(heldOut.positives / Math.max(1, heldOut.rows))})\n` +
      `wrote ${options.out}\n`,
  );
}

async function score(options: Extract<ChurnModelCommand, { command: 'score' }>): Promise<void> {
  const model = parseChurnModel(readFileSync(options.model, 'utf8'));
  const snapshot = snapshotOf(options.dataDir, options.snapshot);
  const truthFile = join(options.dataDir, 'ground-truth.csv');
  const outcomes = existsSync(truthFile)
    ? readGroundTruth(truthFile)
    : new Map<string, ChurnOutcome>();
  const scored: { customerId: string; risk: ChurnRisk; outcome: ChurnOutcome | undefined }[] = [];
  for await (const example of examplesOf(options.dataDir, [snapshot.getTime()], outcomes)) {
    // Customers already gone at the snapshot are not at risk any more; the truth says who.
    const churnAt = example.outcome?.churnAt;
    if (churnAt !== undefined && churnAt <= snapshot.getTime()) continue;
    scored.push({ ...example, risk: scoreChurnRisk(model, example.features) });
  }
  scored.sort((a, b) => b.risk.probability - a.risk.probability);
  process.stdout.write(
    `model ${model.modelVersion} (trained ${model.trainedAt}), snapshot ${snapshot.toISOString()}, ` +
      `${scored.length} active customers scored\n\n`,
  );
  for (const [rank, { customerId, risk, outcome }] of scored.slice(0, options.top).entries()) {
    const reasons = risk.reasons.map((r) => r.label).join('; ');
    process.stdout.write(
      `${String(rank + 1).padStart(3)}. ${customerId}  p=${risk.probability.toFixed(3)}  ${reasons}` +
        `${outcomes.size > 0 ? `\n       truth: ${truthOf(outcome, snapshot.getTime())}` : ''}\n`,
    );
  }
}

function truthOf(outcome: ChurnOutcome | undefined, snapshot: number): string {
  if (outcome?.churnAt === undefined) return 'stays';
  const days = Math.round((outcome.churnAt - snapshot) / DAY_MS);
  return `${outcome.kind ?? '?'} churn, cause ${outcome.cause ?? '?'}, in ${days} days`;
}

function format(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

async function main(): Promise<void> {
  let options: ChurnModelCommand;
  try {
    options = parseChurnModelArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CHURN_MODEL_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  await (options.command === 'train' ? train(options) : score(options));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
