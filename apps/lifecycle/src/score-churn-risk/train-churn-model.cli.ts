#!/usr/bin/env node
import { loadServiceConfig } from '@cip/config';
import { createDataSource } from '@cip/persistence';
import { parseTrainChurnModelArgs, TRAIN_CHURN_MODEL_USAGE } from './train-churn-model-args';
import { trainChurnModelFromPostgres } from './train-churn-model-from-postgres';

// Trains the churn model on the history lifecycle keeps in Postgres (its schema, migrated) and
// stores it as a new churn_model version; running instances pick up an activated one on refresh.
async function main(args: readonly string[]): Promise<number> {
  const command = parseTrainChurnModelArgs(args);
  if (command.kind === 'help') {
    process.stdout.write(`${TRAIN_CHURN_MODEL_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(`train-churn-model: ${command.message}\n${TRAIN_CHURN_MODEL_USAGE}\n`);
    return 2;
  }
  const dataSource = await createDataSource(
    'lifecycle',
    loadServiceConfig('lifecycle'),
  ).initialize();
  try {
    const { result, customers, activated } = await trainChurnModelFromPostgres(dataSource, {
      ...command.options,
      trainedAt: new Date(),
    });
    const { model, bandCuts } = result;
    const { heldOut } = model.metrics;
    const t = model.training;
    const format = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
    process.stdout.write(
      `${customers} customers; snapshots ${t.snapshots.join(', ')}; horizon ${t.horizonDays} days\n` +
        `trained on ${t.rows} customer-snapshots (${t.positives} churn), held out ${heldOut.rows} (${heldOut.positives})\n` +
        `held-out AUC ${format(heldOut.auc)}, precision at top 10% ${format(heldOut.precisionAtTop10Percent)} ` +
        `(base rate ${format(heldOut.positives / Math.max(1, heldOut.rows))})\n` +
        `bands: high ≥ ${bandCuts.high.toFixed(4)}, elevated ≥ ${bandCuts.elevated.toFixed(4)}\n` +
        `stored churn_model ${model.modelVersion}${activated ? ' (active)' : ' (not activated)'}\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `train-churn-model failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
