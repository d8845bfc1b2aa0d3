import { randomUUID } from 'node:crypto';
import { MicroBatcher } from '@cip/async';
import { CUSTOMER_MERGED, PlatformError, type CustomerMergedV1 } from '@cip/contracts';
import type { Clock } from '../clock';
import { randomCustomerIds, type CustomerIdFactory } from './customer-id.factory';
import type { CustomerNode } from './customer-node';
import { IDENTITY_ERROR_CODES } from './identity-error-codes';
import { canonicalIdentifiers, identifierKey, type Identifier } from './identifier';
import type {
  IdentityCache,
  IdentityGraph,
  IdentityGraphTransaction,
  OutboxNotifier,
} from './identity-graph.port';
import { chooseSurvivor } from './survivor.rule';

export interface Resolution {
  /** The canonical customer every given identifier now belongs to. */
  customerId: string;
  /** Customers this call created: a prospect, or a source-system id seen for the first time. */
  created: string[];
  /** Ids merged into `customerId` by this call (empty almost always). */
  mergedIds: string[];
}

/** Who asked: copied into the envelope of a merge event. */
export interface ResolutionContext {
  source: string;
  /** The contact event (or request) that caused the resolution, if any. */
  causationId?: string;
}

export interface ResolveCustomerDependencies {
  graph: IdentityGraph;
  cache: IdentityCache;
  outbox: OutboxNotifier;
  clock: Clock;
  customerIds?: CustomerIdFactory;
  eventIds?: () => string;
  /** Most resolutions one graph transaction carries. */
  maxBatchSize?: number;
  /** Graph transactions in flight at once (each holds a database connection). */
  maxConcurrentTransactions?: number;
  /** Resolutions allowed to wait; beyond it they fail at once (IDENTITY_OVERLOADED). */
  maxQueued?: number;
}

interface PendingResolution {
  identifiers: Identifier[];
  context: ResolutionContext;
}

interface Merge {
  loserId: string;
  moved: Identifier[];
}

/**
 * Identity resolution: a set of normalised identifiers → one canonical customer id.
 * - all cached and agreeing: answered from Redis;
 * - none known: a prospect is created (or, for a `customerId` identifier, that customer);
 * - owned by two or more customers: they are one person; all merge into the survivor
 *   (see chooseSurvivor), the losers' identifiers move to it and customer-merged is published
 *   through the outbox;
 * - identifiers nobody owns yet are attached to the resolved customer.
 * Idempotent and independent of identifier order: resolving the same set again changes nothing.
 */
export class ResolveCustomer {
  private readonly customerIds: CustomerIdFactory;
  private readonly eventIds: () => string;
  private readonly batcher: MicroBatcher<PendingResolution, Resolution>;

  constructor(private readonly deps: ResolveCustomerDependencies) {
    this.customerIds = deps.customerIds ?? randomCustomerIds;
    this.eventIds = deps.eventIds ?? randomUUID;
    // Cache misses of concurrent callers (a batch of events, an import) share one transaction:
    // a thousand first-seen customers cost a few transactions, not a thousand.
    this.batcher = new MicroBatcher({
      flush: (pending) => this.resolveMany(pending),
      maxBatchSize: deps.maxBatchSize ?? 200,
      maxConcurrentFlushes: deps.maxConcurrentTransactions ?? 4,
      maxQueued: deps.maxQueued ?? 20_000,
      overloaded: () =>
        new PlatformError(
          IDENTITY_ERROR_CODES.identityOverloaded,
          'Too many identity resolutions are waiting; retry shortly',
        ),
      // One resolution that fails (contention) then fails alone, not its whole batch.
      retryItemsAlone: true,
    });
  }

  async resolve(given: readonly Identifier[], context: ResolutionContext): Promise<Resolution> {
    const identifiers = canonicalIdentifiers(given);
    if (identifiers.length === 0) throw new RangeError('resolve needs at least one identifier');
    const cached = await this.deps.cache.resolve(identifiers);
    if (cached !== undefined) return { customerId: cached, created: [], mergedIds: [] };
    return this.batcher.submit({ identifiers, context });
  }

  /** Resolves each in turn, in one transaction locking all their identifiers up front. */
  private async resolveMany(pending: PendingResolution[]): Promise<Resolution[]> {
    const merges: Merge[][] = pending.map(() => []);
    const resolutions = await this.deps.graph.withIdentifiersLocked(
      pending.flatMap((p) => p.identifiers),
      async (tx) => {
        const results: Resolution[] = [];
        for (const [i, { identifiers, context }] of pending.entries()) {
          results.push(await this.resolveIn(tx, identifiers, context, merges[i] as Merge[]));
        }
        return results;
      },
    );
    // After commit only: a rolled-back merge must leave the cache alone.
    for (const [i, resolution] of resolutions.entries()) {
      for (const { loserId, moved } of merges[i] as Merge[]) {
        await this.deps.cache.merged(loserId, resolution.customerId, moved);
      }
    }
    if (merges.some((m) => m.length > 0)) this.deps.outbox.notify();
    await Promise.all(
      resolutions.map((resolution, i) =>
        this.deps.cache.remember(
          (pending[i] as PendingResolution).identifiers,
          resolution.customerId,
        ),
      ),
    );
    return resolutions;
  }

  private async resolveIn(
    tx: IdentityGraphTransaction,
    identifiers: Identifier[],
    context: ResolutionContext,
    merges: Merge[],
  ): Promise<Resolution> {
    // A retried transaction (deadlock) starts over.
    merges.length = 0;
    const owners = await tx.ownersOf(identifiers);
    const candidates = new Map<string, CustomerNode>();
    for (const owner of owners.values()) candidates.set(owner.id, owner);
    const created: CustomerNode[] = [];
    const now = this.deps.clock.now();

    const sourceId = identifiers.find((i) => i.kind === 'customerId');
    if (sourceId && !owners.has(identifierKey(sourceId))) {
      created.push({ id: sourceId.value, status: 'customer', createdAt: now });
    } else if (candidates.size === 0) {
      created.push({ id: this.customerIds.next(), status: 'prospect', createdAt: now });
    }
    for (const customer of created) {
      await tx.createCustomer(customer);
      candidates.set(customer.id, customer);
    }

    const survivor = chooseSurvivor([...candidates.values()]);
    const losers = [...candidates.keys()].filter((id) => id !== survivor.id).sort();
    for (const loserId of losers) {
      merges.push({ loserId, moved: await tx.merge(loserId, survivor.id) });
    }
    if (merges.length > 0) {
      await tx.recordMerge(this.mergeEvent(survivor.id, merges, identifiers, context));
    }

    const createdIds = new Set(created.map((c) => c.id));
    const unowned = identifiers.filter(
      (i) => !owners.has(identifierKey(i)) && !(i.kind === 'customerId' && createdIds.has(i.value)),
    );
    if (unowned.length > 0) await tx.attach(survivor.id, unowned);
    return { customerId: survivor.id, created: [...createdIds], mergedIds: losers };
  }

  private mergeEvent(
    survivorId: string,
    merges: Merge[],
    identifiers: Identifier[],
    context: ResolutionContext,
  ): CustomerMergedV1 {
    return {
      eventId: `merge-${this.eventIds()}`,
      type: CUSTOMER_MERGED,
      version: 1,
      occurredAt: this.deps.clock.now().toISOString(),
      customerId: survivorId,
      source: context.source,
      ...(context.causationId !== undefined ? { causationId: context.causationId } : {}),
      payload: {
        survivorId,
        mergedIds: merges.map((m) => m.loserId),
        identifiersMoved: canonicalIdentifiers(merges.flatMap((m) => m.moved)),
        reason: 'shared-identifier',
        matchedOn: [...new Set(identifiers.map((i) => i.kind))],
      },
    };
  }
}
