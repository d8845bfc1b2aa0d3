import type { CustomerFeatures } from '../features/customer-features';
import { featuresReader } from '../features/features-reader';
import { evaluateCondition } from '../language/evaluate-condition';
import type { MembershipChange } from '../membership/membership-change';
import { Probe } from './compiled/probe';
import { membershipChange, reasonOf, RETIRED_REASON } from './membership-changes';
import { takeFlags } from './position-flags';
import type { SegmentCatalog } from './segment-catalog';

export interface MembershipEvaluation {
  customerId: string;
  features: CustomerFeatures;
  /** Segment id → version the customer is a member under, before this evaluation. */
  memberships: Readonly<Record<string, number>>;
  catalog: SegmentCatalog;
  nowMs: number;
  triggeringEventId: string;
  /** Positions (evaluation order) whose inputs changed; undefined = evaluate every segment. */
  touched?: Uint8Array | undefined;
}

/** The arrays and `isMember` are valid until the next evaluation starts (`takeFlags`). */
export interface MembershipResult {
  memberships: Record<string, number>;
  /** Retirement exits first, then flips in evaluation order. */
  changes: MembershipChange[];
  /** Positions evaluated (1) or carried over (0). */
  evaluated: Uint8Array;
  /** Result by position (meaningful where evaluated). */
  results: Uint8Array;
  /** Membership after this evaluation, for `inSegment` and timers: active ids by position. */
  isMember: (segmentId: string) => boolean;
  /** The features at `nowMs` as evaluated, with the operand values computed (for `nextDueOf`). */
  probe: Probe;
}

/**
 * Evaluates the touched segments (all when `touched` is undefined) plus any segment whose
 * referenced segment flipped, with compiled predicates, and diffs with the current memberships.
 * A segment neither touched nor depending on a flip keeps its previous result: the caller
 * guarantees time alone cannot have changed it (`nextDueMs` is still ahead).
 */
export function evaluateMemberships(input: MembershipEvaluation): MembershipResult {
  const { catalog, customerId, features, nowMs, triggeringEventId, touched } = input;
  const previous = input.memberships;
  // Copy-on-write: most events flip nothing, and copying a large record is the costly part.
  const edits = new LazyEdits();
  const changes: MembershipChange[] = [];
  if (catalog.retiredIds.size > 0) {
    for (const segmentId in previous) {
      if (!catalog.retiredIds.has(segmentId)) continue;
      // Retired definitions are not in the catalog any more: the version is the member's.
      edits.set(segmentId, undefined);
      changes.push(
        membershipChange({
          customerId,
          segmentId,
          definitionVersion: previous[segmentId]!,
          triggeringEventId,
          change: 'exited',
          nowMs,
          reason: RETIRED_REASON,
          strategy: '',
        }),
      );
    }
  }
  const current = (segmentId: string): number | undefined =>
    edits.has(segmentId) ? edits.get(segmentId) : previous[segmentId];

  const ordered = catalog.ordered;
  const results = takeFlags('results', ordered.length);
  const flipped = takeFlags('flipped', ordered.length);
  const evaluated = takeFlags('evaluated', ordered.length);
  const isMember = (segmentId: string): boolean => {
    const at = catalog.byId.get(segmentId);
    // Segments outside the catalog (a newer one may know them) count as they are stored.
    if (!at || evaluated[at.position] !== 1) return current(segmentId) !== undefined;
    return results[at.position] === 1;
  };
  const probe = new Probe(features, nowMs, catalog.quantiles, isMember);
  for (const { segment, position, compiled, dependencies } of ordered) {
    if (touched && touched[position] !== 1 && !anyFlipped(dependencies, flipped)) continue;
    evaluated[position] = 1;
    const matched = compiled.test(probe);
    results[position] = matched ? 1 : 0;
    const was = previous[segment.id];
    if (matched && was !== undefined) {
      // Still a member under a new version: updated silently, nothing to publish.
      if (was !== segment.version) edits.set(segment.id, segment.version);
      continue;
    }
    if (!matched && was === undefined) continue;
    flipped[position] = 1;
    edits.set(segment.id, matched ? segment.version : undefined);
    // The explanation is built only here, by the interpreter, for the segments that flip.
    const outcome = evaluateCondition(segment.condition, {
      reader: featuresReader(features),
      nowMs,
      quantiles: catalog.quantiles,
      isMember,
    });
    changes.push(
      membershipChange({
        customerId,
        segmentId: segment.id,
        definitionVersion: segment.version,
        triggeringEventId,
        change: matched ? 'entered' : 'exited',
        nowMs,
        reason: reasonOf(outcome),
        strategy: segment.strategy,
      }),
    );
  }
  return {
    memberships: applyEdits(previous, edits),
    changes,
    evaluated,
    results,
    isMember,
    probe,
  };
}

/** Membership edits, with no Map allocated for the many evaluations that make none. */
class LazyEdits {
  private map: Map<string, number | undefined> | undefined;

  has(segmentId: string): boolean {
    return this.map !== undefined && this.map.has(segmentId);
  }

  get(segmentId: string): number | undefined {
    return this.map?.get(segmentId);
  }

  set(segmentId: string, version: number | undefined): void {
    (this.map ??= new Map()).set(segmentId, version);
  }

  entries(): ReadonlyMap<string, number | undefined> | undefined {
    return this.map;
  }
}

function applyEdits(
  previous: Readonly<Record<string, number>>,
  lazy: LazyEdits,
): Record<string, number> {
  const edits = lazy.entries();
  if (edits === undefined) return previous as Record<string, number>;
  // A dictionary from the start (as decodeSegmentStateHash makes them): a plain `{}` given ~14 of
  // 100 segment ids in varying combinations grows V8's hidden-class transition tree without end,
  // ~3 times slower per copy and garbage for every new combination.
  const next = Object.create(null) as Record<string, number>;
  for (const segmentId in previous)
    if (!edits.has(segmentId)) next[segmentId] = previous[segmentId]!;
  for (const [segmentId, version] of edits) if (version !== undefined) next[segmentId] = version;
  return next;
}

function anyFlipped(dependencies: readonly number[], flipped: Uint8Array): boolean {
  for (const position of dependencies) if (flipped[position] === 1) return true;
  return false;
}
