import { monthOf } from '../../features/calendar';
import type { CustomerFeatures } from '../../features/customer-features';
import type { Scalar } from '../../language/segment-condition.schema';
import { DAY_MS } from '../../features/calendar';

export type Quantiles = Readonly<Record<string, readonly number[]>>;

/**
 * What a compiled condition reads: one customer's features at one instant. The UTC day is
 * derived once per probe and the month (a `Date` call) only when a month window asks for it.
 */
export class Probe {
  readonly today: number;
  /** Values of shared operands already computed at this instant, by slot (see `OperandCache`). */
  readonly memo: Array<Scalar | null | undefined> = [];
  private month: number | undefined;
  /**
   * The probes of the same customer at other instants, shared by the whole family: segments
   * reading the same windows look ahead to the same candidate instants, and reuse their values.
   */
  private family: Map<number, Probe> | undefined;

  constructor(
    readonly features: CustomerFeatures,
    readonly nowMs: number,
    readonly quantiles: Quantiles,
    readonly isMember: (segmentId: string) => boolean,
    family?: Map<number, Probe>,
  ) {
    this.today = Math.floor(nowMs / DAY_MS);
    // Created on the first look ahead: most probes never look.
    this.family = family;
  }

  get thisMonth(): number {
    if (this.month === undefined) this.month = monthOf(this.nowMs);
    return this.month;
  }

  /** The same customer at another instant (candidate times of `nextChange`). */
  at(nowMs: number): Probe {
    const family = (this.family ??= new Map([[this.nowMs, this]]));
    let probe = family.get(nowMs);
    if (probe === undefined) {
      probe = new Probe(this.features, nowMs, this.quantiles, this.isMember, family);
      family.set(nowMs, probe);
    }
    return probe;
  }
}
