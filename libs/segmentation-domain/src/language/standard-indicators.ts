import type { FeatureReader } from '../features/feature-reader';
import { evaluateOperand } from './evaluate-condition';
import type { Operand, Scalar } from './segment-condition.schema';

const PURCHASES = { event: 'purchase.completed', field: 'amount' } as const;
// NPS answers only: CSAT (1-5) and CES (1-7) scores on other scales must not be averaged in.
const SURVEYS = {
  event: 'survey.answered',
  where: { scale: 'nps-0-10' },
  field: 'score',
} as const;
const LAST_3_MONTHS = { months: 3 };
const PREVIOUS_3_MONTHS = { months: 3, skipMonths: 3 };

/**
 * The per-customer indicators the standard feature set exists for, written in the segment
 * language so they mean exactly what conditions mean: RFM inputs (the population job ranks them
 * into the quintile tables conditions read), spend and its quarter-on-quarter trend,
 * satisfaction, and recent contacts.
 */
export const STANDARD_INDICATORS = {
  recencyDays: { kind: 'daysSince', event: 'purchase.completed' },
  frequency12m: { kind: 'aggregate', fn: 'count', ...PURCHASES, window: { months: 12 } },
  monetary12m: { kind: 'aggregate', fn: 'sum', ...PURCHASES, window: { months: 12 } },
  spendLast3m: { kind: 'aggregate', fn: 'sum', ...PURCHASES, window: LAST_3_MONTHS },
  spendPrevious3m: { kind: 'aggregate', fn: 'sum', ...PURCHASES, window: PREVIOUS_3_MONTHS },
  spendTrend: {
    kind: 'ratio',
    numerator: { kind: 'aggregate', fn: 'sum', ...PURCHASES, window: LAST_3_MONTHS },
    denominator: { kind: 'aggregate', fn: 'sum', ...PURCHASES, window: PREVIOUS_3_MONTHS },
  },
  satisfactionLatest: { kind: 'latest', ...SURVEYS },
  satisfactionAvg12m: { kind: 'aggregate', fn: 'avg', ...SURVEYS, window: { months: 12 } },
  complaints90d: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 90 } },
  calls90d: { kind: 'aggregate', fn: 'count', event: 'call.completed', window: { days: 90 } },
  incidents30d: { kind: 'aggregate', fn: 'count', event: 'service.incident', window: { days: 30 } },
} as const satisfies Record<string, Operand>;

export type StandardIndicators = Record<keyof typeof STANDARD_INDICATORS, Scalar | null>;

export function readStandardIndicators(reader: FeatureReader, nowMs: number): StandardIndicators {
  const out: Partial<StandardIndicators> = {};
  for (const [name, expression] of Object.entries(STANDARD_INDICATORS))
    out[name as keyof StandardIndicators] = evaluateOperand(expression, { reader, nowMs }).value;
  return out as StandardIndicators;
}
