import type { Operand } from '../language/segment-condition.schema';

// Operands several packs share. Counting with `field: 'amount'` shares the purchase series (and
// its buckets) with the standard spend indicators instead of keeping a second one.
const PURCHASES = { event: 'purchase.completed', field: 'amount' } as const;

/** Purchases ever (the all-time bucket: no window history kept for it). */
export const PURCHASES_EVER: Operand = { kind: 'aggregate', fn: 'count', ...PURCHASES };

/** Purchases today and the `days - 1` days before. */
export function purchasesInDays(days: number): Operand {
  return { kind: 'aggregate', fn: 'count', ...PURCHASES, window: { days } };
}
