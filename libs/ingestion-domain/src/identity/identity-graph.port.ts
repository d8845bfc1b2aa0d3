import type { CustomerMergedV1 } from '@cip/contracts';
import type { CustomerNode } from './customer-node';
import type { Identifier } from './identifier';

/** One transaction over the identity graph; see IdentityGraph.withIdentifiersLocked. */
export interface IdentityGraphTransaction {
  /**
   * The current (never merged) owner of each identifier that has one, keyed by identifierKey.
   * The owners stay locked until the transaction ends, so no concurrent merge can move them.
   */
  ownersOf(identifiers: readonly Identifier[]): Promise<Map<string, CustomerNode>>;
  /** Inserts the customer with its own id attached as its `customerId` identifier. */
  createCustomer(customer: CustomerNode): Promise<void>;
  attach(customerId: string, identifiers: readonly Identifier[]): Promise<void>;
  /**
   * Marks `loserId` merged into `survivorId` and re-points every identifier of the loser (and
   * every customer merged into the loser before, so chains stay one step long) to the survivor.
   * Returns the identifiers that moved.
   */
  merge(loserId: string, survivorId: string): Promise<Identifier[]>;
  /** Writes the merge log and queues the event in the outbox, in this transaction. */
  recordMerge(event: CustomerMergedV1): Promise<void>;
}

/** The identity graph (Postgres): customers, their identifiers and the merges between them. */
export interface IdentityGraph {
  /**
   * Runs `work` in one transaction holding an exclusive lock per identifier, so resolutions that
   * share an identifier run one after the other (two requests with the same new phone number
   * create one customer), while unrelated ones run in parallel.
   */
  withIdentifiersLocked<T>(
    identifiers: readonly Identifier[],
    work: (tx: IdentityGraphTransaction) => Promise<T>,
  ): Promise<T>;
  /** Read-only: the current owner of each identifier that has one, keyed by identifierKey. */
  lookup(identifiers: readonly Identifier[]): Promise<Map<string, CustomerNode>>;
}

/**
 * Redis in front of the graph. Best effort by contract: implementations swallow (and log) their
 * own failures, because Postgres is the truth and a cache outage must not stop resolution.
 */
export interface IdentityCache {
  /** The customer all `identifiers` map to, or undefined unless every one is cached and they agree. */
  resolve(identifiers: readonly Identifier[]): Promise<string | undefined>;
  remember(identifiers: readonly Identifier[], customerId: string): Promise<void>;
  /** After a merge committed: the loser now means the survivor; its identifiers' entries go. */
  merged(loserId: string, survivorId: string, moved: readonly Identifier[]): Promise<void>;
}

/** Wakes the outbox relay after a commit that queued events (it also polls on its own). */
export interface OutboxNotifier {
  notify(): void;
}
