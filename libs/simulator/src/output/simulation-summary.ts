import type { ContactEvent } from '@cip/contracts';
import type { SimulatedCustomerTruth } from '../population/customer-traits';
import type { SimulationWindow } from '../simulation-window';

/** Counts for the end-of-run report: what was generated, who churns and why, how fast. */
export class SimulationSummary {
  customers = 0;
  events = 0;
  readonly tiers: Record<string, number> = {};
  readonly eventsByType: Record<string, number> = {};
  /** `quantity/price`, `value/competitor`... for churn up to the look-ahead horizon. */
  readonly churnersByKindAndCause: Record<string, number> = {};
  churnedInWindow = 0;
  private readonly startedAt = performance.now();
  private readonly cpuAtStart = process.cpuUsage();

  constructor(private readonly window: SimulationWindow) {}

  addCustomer({ traits, churn }: SimulatedCustomerTruth): void {
    this.customers += 1;
    increment(this.tiers, traits.valueTier);
    if (churn) {
      increment(this.churnersByKindAndCause, `${churn.kind}/${churn.cause}`);
      if (churn.kind === 'quantity' && churn.at < this.window.end) this.churnedInWindow += 1;
    }
  }

  addEvent(event: ContactEvent): void {
    this.events += 1;
    increment(this.eventsByType, event.type);
  }

  elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1_000;
  }

  /** CPU time used so far: a fairer speed measure than wall time on a busy machine. */
  cpuSeconds(): number {
    const { user, system } = process.cpuUsage(this.cpuAtStart);
    return (user + system) / 1e6;
  }

  toJSON() {
    const seconds = this.elapsedSeconds();
    const cpuSeconds = this.cpuSeconds();
    return {
      window: {
        start: new Date(this.window.start).toISOString(),
        end: new Date(this.window.end).toISOString(),
      },
      customers: this.customers,
      events: this.events,
      tiers: sorted(this.tiers),
      eventsByType: sorted(this.eventsByType),
      churnersByKindAndCause: sorted(this.churnersByKindAndCause),
      quantityChurnedInWindow: this.churnedInWindow,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(this.events / Math.max(seconds, 1e-6)),
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      eventsPerCpuSecond: Math.round(this.events / Math.max(cpuSeconds, 1e-6)),
    };
  }
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
