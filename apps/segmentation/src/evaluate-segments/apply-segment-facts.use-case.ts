import {
  CUSTOMER_PROFILE_CHANGED,
  type ContactEvent,
  type CustomerProfileChangedV1,
} from '@cip/contracts';
import {
  applyContactEvent,
  applyProfileChange,
  isInertContactEvent,
  isSettledStateHash,
  SETTLEMENT_FIELDS,
  type CustomerSegmentState,
  type MembershipChange,
  type ProfileChange,
  type SegmentCatalog,
} from '@cip/segmentation-domain';
import { ChunkedHotReads } from './chunked-hot-reads';
import type { CustomerStateRunner, CustomerStep } from './customer-state-runner';
import type { MembershipRecorder, RecordWork } from './membership-recorder';
import type { SegmentCatalogProvider, SegmentationJournal } from './segment-state.ports';

export interface ContactEventRedirector {
  /**
   * Re-publishes events to the contact-events topic for `survivorId` (same ids and payloads, so
   * everything downstream still deduplicates them). Resolves once the broker acknowledged them.
   */
  redirect(events: readonly ContactEvent[], survivorId: string): Promise<void>;
}

/**
 * A coalesced call carries up to 5,000 events: five chunks keep Redis and the service busy at
 * the same time without making the first chunk's wait much longer than a small batch's.
 */
const DEFAULT_HOT_READ_CHUNK = 1_000;

export interface ApplyFactsResult {
  applied: number;
  alreadyProcessed: number;
  /** Acknowledged untouched: inert events of settled customers (`isSettledStateHash`). */
  inert: number;
  redirected: number;
  changes: readonly MembershipChange[];
}

/** What changes a customer's features: an interaction, or a change to the customer file. */
export type SegmentFact = ContactEvent | CustomerProfileChangedV1;

interface CustomerResult {
  /** Events of a customer merged into another, for the survivor. */
  redirect: ContactEvent[];
  survivorId?: string | undefined;
  /** Applied now or before (their changes republished): claimed in the inbox. */
  handled: string[];
}

/**
 * Applies a batch of contact events or profile changes (one partition, offset order): inbox filter
 * (overlapping the hot read) → features and memberships per customer in the hot store
 * (compare-and-set) → membership events published and acknowledged → one durable transaction
 * (shared with concurrent batches) → pending changes cleared. The caller commits offsets after
 * this resolves.
 *
 * Safe to repeat at every step: a redelivered event the hot store already holds republishes the
 * changes it produced (kept as pending until recorded, same ids); one already recorded is
 * dropped by the inbox. An event for a merged customer is re-published for the survivor and not
 * claimed, since the re-keyed copy carries the same id.
 */
export class ApplySegmentFactsUseCase {
  constructor(
    private readonly deps: {
      consumer: string;
      catalogs: SegmentCatalogProvider;
      journal: SegmentationJournal;
      runner: CustomerStateRunner;
      recorder: MembershipRecorder;
      redirector: ContactEventRedirector;
      clock: () => number;
      /** Customers per hot-read chunk (see applyAndPublish). */
      hotReadChunk?: number;
    },
  ) {}

  private get chunkSize(): number {
    return this.deps.hotReadChunk ?? DEFAULT_HOT_READ_CHUNK;
  }

  /** The whole batch: applied, published and recorded when this resolves. */
  async execute(events: readonly SegmentFact[]): Promise<ApplyFactsResult> {
    const { record, ...result } = await this.applyAndPublish(events);
    await record();
    return result;
  }

  /**
   * Applies and publishes; `record` is the durable part (journal, then clearing the pending
   * changes), which the consumer overlaps with its next batch (a BatchCompletion): idempotent,
   * so it may run again after a failure. Until it ran, the hot store still holds the changes as
   * pending and the inbox lacks the events, so a redelivery republishes and records them.
   */
  async applyAndPublish(
    events: readonly SegmentFact[],
  ): Promise<ApplyFactsResult & { record: () => Promise<void>; work: RecordWork }> {
    const { consumer, journal, runner } = this.deps;
    const catalog = await this.deps.catalogs.get();
    // Customers whose every event here is inert (`isInertContactEvent`): two stored fields tell
    // whether their state is settled (`isSettledStateHash`), and if so nothing else is read,
    // evaluated, written or claimed. Their events skip the inbox lookup too: applying an inert
    // event again is as harmless as applying it once.
    const inertOnly = customersWithOnlyInertEvents(events, catalog);
    const settlement = runner.readFields([...inertOnly], SETTLEMENT_FIELDS);
    const others = events.filter((e) => !inertOnly.has(e.customerId));
    // Independent round trips, overlapped: the inbox (Postgres) and the hot states (Redis) of
    // every other customer (those whose events all turn out recorded are read for nothing).
    const hotReads = new ChunkedHotReads(runner, this.chunkSize);
    hotReads.add([...new Set(others.map((e) => e.customerId))]);
    let recorded: Set<string>;
    let stored: Map<string, Record<string, string>>;
    try {
      recorded = await journal.processed(
        consumer,
        others.map((e) => e.eventId),
      );
      stored = await settlement;
    } catch (error) {
      await Promise.allSettled([settlement, hotReads.settled()]);
      throw error;
    }
    const byCustomer = groupFreshByCustomer(others, recorded);
    const alreadyProcessed = others.length - countOf(byCustomer);
    const nowMs = this.deps.clock();
    // Inert-only customers not settled (no state, timer due, merged) go the whole way.
    const unsettled = [...inertOnly].filter((id) => {
      const fields = stored.get(id);
      return fields === undefined || !isSettledStateHash(fields, nowMs);
    });
    const inert = events.length - others.length - addEventsOf(byCustomer, events, unsettled);
    hotReads.add(unsettled);
    const outcomes = await hotReads.runEach((ids, hot) =>
      runner.run(
        ids.flatMap((customerId) => {
          const customerEvents = byCustomer.get(customerId);
          if (customerEvents === undefined) return [];
          const step = (current: CustomerSegmentState | undefined) =>
            applyInOrder(current, customerEvents, catalog, nowMs);
          return [{ customerId, step }];
        }),
        catalog,
        hot,
      ),
    );

    let redirected = 0;
    for (const { result } of outcomes) {
      if (result.redirect.length === 0 || result.survivorId === undefined) continue;
      await this.deps.redirector.redirect(result.redirect, result.survivorId);
      redirected += result.redirect.length;
    }
    const correlation = new Map(events.map((e) => [e.eventId, e.correlationId] as const));
    const { changes, record, work } = await this.deps.recorder.publish(outcomes, {
      consumer,
      eventIds: outcomes.flatMap((o) => o.result.handled),
      correlationOf: (id) => correlation.get(id),
    });
    return {
      applied: outcomes.reduce((n, o) => n + o.result.handled.length, 0),
      alreadyProcessed,
      inert,
      redirected,
      changes,
      record,
      work,
    };
  }

  /** The durable parts of several batches (`work` of each), recorded as one. */
  recordAll(works: readonly RecordWork[]): Promise<void> {
    return this.deps.recorder.recordAll(works);
  }
}

function groupFreshByCustomer(
  events: readonly SegmentFact[],
  recorded: ReadonlySet<string>,
): Map<string, SegmentFact[]> {
  const seen = new Set<string>();
  const byCustomer = new Map<string, SegmentFact[]>();
  for (const event of events) {
    if (recorded.has(event.eventId) || seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    const list = byCustomer.get(event.customerId) ?? [];
    list.push(event);
    byCustomer.set(event.customerId, list);
  }
  return byCustomer;
}

/** Customers all of whose events here are contact events no tracked series reads. */
function customersWithOnlyInertEvents(
  events: readonly SegmentFact[],
  catalog: SegmentCatalog,
): Set<string> {
  const inert = new Set<string>();
  const other = new Set<string>();
  for (const event of events) {
    const isInert = event.type !== CUSTOMER_PROFILE_CHANGED && isInertContactEvent(event, catalog);
    if (isInert && !other.has(event.customerId)) inert.add(event.customerId);
    else {
      other.add(event.customerId);
      inert.delete(event.customerId);
    }
  }
  return inert;
}

/** Adds the events of `customerIds` to `byCustomer`; returns how many events they had. */
function addEventsOf(
  byCustomer: Map<string, SegmentFact[]>,
  events: readonly SegmentFact[],
  customerIds: readonly string[],
): number {
  if (customerIds.length === 0) return 0;
  const wanted = new Set(customerIds);
  const theirs = events.filter((e) => wanted.has(e.customerId));
  for (const [customerId, list] of groupFreshByCustomer(theirs, new Set()))
    byCustomer.set(customerId, list);
  return theirs.length;
}

function countOf(byCustomer: ReadonlyMap<string, readonly SegmentFact[]>): number {
  let count = 0;
  for (const list of byCustomer.values()) count += list.length;
  return count;
}

function applyInOrder(
  current: CustomerSegmentState | undefined,
  events: readonly SegmentFact[],
  catalog: SegmentCatalog,
  nowMs: number,
): CustomerStep<CustomerResult> {
  let state = current;
  let changed = false;
  const changes: MembershipChange[] = [];
  const result: CustomerResult = { redirect: [], handled: [] };
  for (const event of events) {
    if (state?.mergedInto !== undefined) {
      // The customer file of a merged id is folded by ingestion; only interactions move.
      if (event.type === CUSTOMER_PROFILE_CHANGED) result.handled.push(event.eventId);
      else {
        result.redirect.push(event);
        result.survivorId = state.mergedInto;
      }
      continue;
    }
    const outcome =
      event.type === CUSTOMER_PROFILE_CHANGED
        ? applyProfileChange(state, toProfileChange(event), catalog, nowMs)
        : applyContactEvent(state, event, catalog, nowMs);
    result.handled.push(event.eventId);
    changes.push(...outcome.changes);
    if (!outcome.duplicate) {
      state = outcome.state;
      changed = true;
    }
  }
  return { write: changed ? state : undefined, changes, result };
}

function toProfileChange(event: CustomerProfileChangedV1): ProfileChange {
  return {
    eventId: event.eventId,
    customerId: event.customerId,
    occurredAt: event.occurredAt,
    changes: event.payload.changes,
  };
}
