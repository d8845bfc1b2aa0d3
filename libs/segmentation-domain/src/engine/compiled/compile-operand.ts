import type { SeriesState } from '../../features/customer-features';
import { MEASURE_SCALE, seriesKey } from '../../features/feature-series';
import { SegmentationError } from '../../definitions/segment-definition';
import { daysSince } from '../../language/evaluate-condition';
import type { Expression, Operand, Scalar } from '../../language/segment-condition.schema';
import { DAY_MS } from '../../features/calendar';
import type { Probe } from './probe';
import { aggregateDays, aggregateMonths, aggregateTotal, nextBucketChange } from './window-reads';

/** An operand compiled once into closures (no labels, no reason objects). */
export interface CompiledOperand {
  value(probe: Probe): Scalar | null;
  /** `operandBreak` of `nextTimeChange`: when this value may next change with time alone. */
  next(probe: Probe): number | null;
  /** Same as `isTimeInvariant` of `nextTimeChange`. */
  timeInvariant: boolean;
  /** Set for `daysSince`: the event time of the latest event it measures from. */
  lastSeenMs?: (probe: Probe) => number | null;
}

const never = (): null => null;

/**
 * Identical expressions across a catalog (the same 30-day spend read by ten segments) compile to
 * one operand whose value is computed once per probe: each gets a slot in `Probe.memo`.
 */
export class OperandCache {
  private readonly byJson = new Map<string, CompiledOperand>();
  private slots = 0;

  get(operand: Expression, compile: () => CompiledOperand): CompiledOperand {
    const json = JSON.stringify(operand);
    const known = this.byJson.get(json);
    if (known) return known;
    const compiled = compile();
    const slot = this.slots++;
    const raw = compiled.value;
    const shared: CompiledOperand = {
      ...compiled,
      value: (p) => {
        const memo = p.memo[slot];
        if (memo !== undefined) return memo;
        const value = raw(p);
        p.memo[slot] = value;
        return value;
      },
    };
    this.byJson.set(json, shared);
    return shared;
  }
}

export function compileOperand(
  operand: Operand,
  cache: OperandCache = new OperandCache(),
): CompiledOperand {
  if (typeof operand !== 'object')
    return { value: () => operand, next: never, timeInvariant: true };
  return cache.get(operand, () => compileExpression(operand, cache));
}

function compileExpression(operand: Expression, cache: OperandCache): CompiledOperand {
  switch (operand.kind) {
    case 'aggregate':
      return compileAggregate(operand);
    case 'latest': {
      const key = seriesKey(operand);
      return {
        value: (p) => {
          const state = p.features.series[key];
          return state ? state.last[1] / MEASURE_SCALE : null;
        },
        next: never,
        timeInvariant: true,
      };
    }
    case 'daysSince': {
      const key = seriesKey(operand);
      const lastMs = (p: Probe) => p.features.series[key]?.last[0] ?? null;
      return {
        value: (p) => daysSince(lastMs(p), p.nowMs),
        next: (p) => {
          const last = lastMs(p);
          if (last === null) return null;
          return last + ((daysSince(last, p.nowMs) ?? 0) + 1) * DAY_MS;
        },
        timeInvariant: false,
        lastSeenMs: lastMs,
      };
    }
    case 'profile': {
      const attribute = operand.attribute;
      return {
        value: (p) => p.features.profile[attribute]?.[0] ?? null,
        next: never,
        timeInvariant: true,
      };
    }
    case 'ratio': {
      const numerator = compileOperand(operand.numerator, cache);
      const denominator = compileOperand(operand.denominator, cache);
      return {
        value: (p) => {
          const n = numerator.value(p);
          const d = denominator.value(p);
          return typeof n === 'number' && typeof d === 'number' && d !== 0 ? n / d : null;
        },
        next: (p) => earlier(numerator.next(p), denominator.next(p)),
        timeInvariant: numerator.timeInvariant && denominator.timeInvariant,
      };
    }
    case 'quantile': {
      const inner = compileOperand(operand.value, cache);
      const table = operand.table;
      return {
        value: (p) => {
          const cuts = p.quantiles[table];
          const v = inner.value(p);
          if (!cuts || typeof v !== 'number') return null;
          let rank = 1;
          for (const cut of cuts) if (cut <= v) rank += 1;
          return rank;
        },
        next: (p) => inner.next(p),
        timeInvariant: inner.timeInvariant,
      };
    }
  }
}

function compileAggregate(operand: Extract<Operand, { kind: 'aggregate' }>): CompiledOperand {
  const key = seriesKey(operand);
  const { fn, window } = operand;
  const series = (p: Probe): SeriesState | undefined => p.features.series[key];
  if (!window) {
    return { value: (p) => aggregateTotal(fn, series(p)), next: never, timeInvariant: true };
  }
  if ('days' in window) {
    const length = window.days;
    return {
      value: (p) => aggregateDays(fn, series(p), p.today - length + 1, p.today),
      next: (p) => nextBucketChange(series(p)?.days, 'day', p.today, 0, length),
      timeInvariant: false,
    };
  }
  if (fn === 'min' || fn === 'max') {
    // Validation rejects these; the interpreter would throw the same on every evaluation.
    throw new SegmentationError('UNSUPPORTED_AGGREGATE', `${fn} over months is not kept`);
  }
  const lag = (window.skipMonths ?? 0) + 1;
  const length = window.months;
  return {
    value: (p) => {
      const last = p.thisMonth - lag;
      return aggregateMonths(fn, series(p), last - length + 1, last);
    },
    next: (p) => nextBucketChange(series(p)?.months, 'month', p.thisMonth, lag, length),
    timeInvariant: false,
  };
}

export function earlier(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
