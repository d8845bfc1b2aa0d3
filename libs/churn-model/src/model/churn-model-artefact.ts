import { z } from 'zod';
import { CHURN_FEATURE_NAMES } from '../features/churn-features';

const finite = z.number().finite();

const heldOutMetricsSchema = z.object({
  /** Customer × snapshot rows of the held-out customers, and how many of them churn. */
  rows: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
  auc: finite.min(0).max(1).nullable(),
  precisionAtTop10Percent: finite.min(0).max(1).nullable(),
});

/**
 * A trained churn model as a JSON file. `format` versions this layout; `modelVersion` names the
 * trained model (what reason codes and alerts cite). Loading checks that the lengths agree and
 * that the features are the ones this build extracts, in the same order.
 */
export const churnModelArtefactSchema = z
  .object({
    format: z.literal('churn-logistic-regression/v1'),
    modelVersion: z.string().min(1).max(64),
    trainedAt: z.iso.datetime(),
    featureNames: z.array(z.string()),
    standardisation: z.object({ means: z.array(finite), stds: z.array(finite.positive()) }),
    weights: z.array(finite),
    bias: finite,
    training: z.object({
      snapshots: z.array(z.iso.datetime()).min(1),
      horizonDays: z.number().int().positive(),
      heldOutShare: finite.min(0).max(1),
      l2: finite.nonnegative(),
      learningRate: finite.positive(),
      iterations: z.number().int().positive(),
      rows: z.number().int().nonnegative(),
      positives: z.number().int().nonnegative(),
      finalLogLoss: finite.nonnegative(),
      source: z.string().max(500).optional(),
    }),
    metrics: z.object({ heldOut: heldOutMetricsSchema }),
  })
  .superRefine((model, ctx) => {
    const width = model.featureNames.length;
    for (const [path, length] of [
      ['weights', model.weights.length],
      ['standardisation.means', model.standardisation.means.length],
      ['standardisation.stds', model.standardisation.stds.length],
    ] as const) {
      if (length !== width) {
        ctx.addIssue({
          code: 'custom',
          path: path.split('.'),
          message: `expected ${width} values, got ${length}`,
        });
      }
    }
    if (model.featureNames.join() !== CHURN_FEATURE_NAMES.join()) {
      ctx.addIssue({
        code: 'custom',
        path: ['featureNames'],
        message: `model features differ from this build's: ${CHURN_FEATURE_NAMES.join(', ')}`,
      });
    }
  });

export type ChurnModelArtefact = z.output<typeof churnModelArtefactSchema>;

/** Parses a model file's text; throws with every problem listed if it is not a usable model. */
export function parseChurnModel(json: string): ChurnModelArtefact {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`churn model is not JSON: ${(error as Error).message}`);
  }
  const parsed = churnModelArtefactSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid churn model: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function serialiseChurnModel(model: ChurnModelArtefact): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
