import type { CustomerFeatures } from '../features/customer-features';
import { Probe } from './compiled/probe';
import type { SegmentCatalog } from './segment-catalog';

/**
 * `nextTimeChangeOfSet` over the catalog's compiled conditions. With `only` (positions just
 * evaluated) and `previous` (the instant announced before), the segments not evaluated keep
 * their share of `previous`: their inputs did not change and `previous` was still ahead, so
 * none of them can change before it. The answer is never late; it may be early when the change
 * `previous` announced was undone by the event (the timer then finds nothing and re-arms).
 */
export function nextDueOf(input: {
  features: CustomerFeatures;
  catalog: SegmentCatalog;
  nowMs: number;
  isMember: (segmentId: string) => boolean;
  only?: Uint8Array | undefined;
  /** Results of the evaluation just done, by position (saves evaluating each condition again). */
  results?: Uint8Array | undefined;
  previous?: number | null | undefined;
  /** The evaluation's probe of `features` at `nowMs` (same `isMember`): its values are reused. */
  probe?: Probe | undefined;
}): number | null {
  const { catalog, only } = input;
  const probe =
    input.probe ?? new Probe(input.features, input.nowMs, catalog.quantiles, input.isMember);
  let earliest = input.previous ?? Infinity;
  for (const { compiled, position } of catalog.ordered) {
    if (only && only[position] !== 1) continue;
    // Searching past the earliest instant found so far cannot lower the minimum.
    const initial = input.results ? input.results[position] === 1 : undefined;
    earliest = compiled.nextChange(probe, earliest, initial) ?? earliest;
  }
  return earliest === Infinity ? null : earliest;
}
