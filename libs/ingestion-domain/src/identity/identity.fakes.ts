import type { CustomerMergedV1 } from '@cip/contracts';
import type { CustomerNode, CustomerRecord } from './customer-node';
import { identifierKey, type Identifier } from './identifier';
import type {
  IdentityCache,
  IdentityGraph,
  IdentityGraphTransaction,
  OutboxNotifier,
} from './identity-graph.port';

interface GraphState {
  customers: Map<string, CustomerRecord>;
  /** identifierKey → customer id */
  owners: Map<string, string>;
  identifiers: Map<string, Identifier>;
  merges: CustomerMergedV1[];
}

/**
 * The identity graph in memory. Transactions run one at a time (a global lock, stricter than
 * Postgres' per-identifier locks) on a copy that replaces the state only on commit.
 */
export class InMemoryIdentityGraph implements IdentityGraph {
  state: GraphState = {
    customers: new Map(),
    owners: new Map(),
    identifiers: new Map(),
    merges: [],
  };
  /** Makes the next transaction throw after its work ran (to test rollback). */
  failNextCommit = false;
  transactions = 0;
  private queue: Promise<unknown> = Promise.resolve();

  withIdentifiersLocked<T>(
    _identifiers: readonly Identifier[],
    work: (tx: IdentityGraphTransaction) => Promise<T>,
  ): Promise<T> {
    const run = this.queue.then(async () => {
      this.transactions += 1;
      const draft = cloneState(this.state);
      const result = await work(new InMemoryTransaction(draft));
      if (this.failNextCommit) {
        this.failNextCommit = false;
        throw new Error('commit failed');
      }
      this.state = draft;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async lookup(identifiers: readonly Identifier[]): Promise<Map<string, CustomerNode>> {
    await Promise.resolve();
    return ownersIn(this.state, identifiers);
  }

  /** Customer ids per status, for assertions. */
  idsWithStatus(status: CustomerRecord['status']): string[] {
    return [...this.state.customers.values()].filter((c) => c.status === status).map((c) => c.id);
  }
}

class InMemoryTransaction implements IdentityGraphTransaction {
  constructor(private readonly state: GraphState) {}

  async ownersOf(identifiers: readonly Identifier[]): Promise<Map<string, CustomerNode>> {
    await Promise.resolve();
    return ownersIn(this.state, identifiers);
  }

  async createCustomer(customer: CustomerNode): Promise<void> {
    await Promise.resolve();
    if (this.state.customers.has(customer.id)) throw new Error(`duplicate customer ${customer.id}`);
    this.state.customers.set(customer.id, { ...customer });
    this.set({ kind: 'customerId', value: customer.id }, customer.id);
  }

  async attach(customerId: string, identifiers: readonly Identifier[]): Promise<void> {
    await Promise.resolve();
    for (const identifier of identifiers) {
      if (this.state.owners.has(identifierKey(identifier))) {
        throw new Error(`duplicate identifier ${identifierKey(identifier)}`);
      }
      this.set(identifier, customerId);
    }
  }

  async merge(loserId: string, survivorId: string): Promise<Identifier[]> {
    await Promise.resolve();
    const loser = this.state.customers.get(loserId);
    if (!loser || loser.status === 'merged') throw new Error(`cannot merge ${loserId}`);
    this.state.customers.set(loserId, {
      id: loserId,
      status: 'merged',
      mergedInto: survivorId,
      createdAt: loser.createdAt,
    });
    for (const customer of this.state.customers.values()) {
      if (customer.status === 'merged' && customer.mergedInto === loserId) {
        this.state.customers.set(customer.id, { ...customer, mergedInto: survivorId });
      }
    }
    const moved: Identifier[] = [];
    for (const [key, owner] of this.state.owners) {
      if (owner !== loserId) continue;
      this.state.owners.set(key, survivorId);
      moved.push(this.state.identifiers.get(key) as Identifier);
    }
    return moved;
  }

  async recordMerge(event: CustomerMergedV1): Promise<void> {
    await Promise.resolve();
    this.state.merges.push(event);
  }

  private set(identifier: Identifier, customerId: string): void {
    this.state.owners.set(identifierKey(identifier), customerId);
    this.state.identifiers.set(identifierKey(identifier), identifier);
  }
}

function ownersIn(
  state: GraphState,
  identifiers: readonly Identifier[],
): Map<string, CustomerNode> {
  const owners = new Map<string, CustomerNode>();
  for (const identifier of identifiers) {
    const ownerId = state.owners.get(identifierKey(identifier));
    const owner = ownerId === undefined ? undefined : state.customers.get(ownerId);
    if (owner && owner.status !== 'merged') owners.set(identifierKey(identifier), owner);
  }
  return owners;
}

function cloneState(state: GraphState): GraphState {
  return {
    customers: new Map(state.customers),
    owners: new Map(state.owners),
    identifiers: new Map(state.identifiers),
    merges: [...state.merges],
  };
}

/** A map standing in for Redis, with the same merge semantics as the real cache. */
export class InMemoryIdentityCache implements IdentityCache {
  readonly entries = new Map<string, string>();
  readonly mergedInto = new Map<string, string>();
  hits = 0;

  async resolve(identifiers: readonly Identifier[]): Promise<string | undefined> {
    await Promise.resolve();
    const ids = new Set(identifiers.map((i) => this.entries.get(identifierKey(i))));
    const [only] = ids;
    if (ids.size !== 1 || only === undefined) return undefined;
    this.hits += 1;
    let customerId = only;
    for (
      let next = this.mergedInto.get(customerId);
      next !== undefined;
      next = this.mergedInto.get(customerId)
    ) {
      customerId = next;
    }
    return customerId;
  }

  async remember(identifiers: readonly Identifier[], customerId: string): Promise<void> {
    await Promise.resolve();
    for (const identifier of identifiers) this.entries.set(identifierKey(identifier), customerId);
  }

  async merged(loserId: string, survivorId: string, moved: readonly Identifier[]): Promise<void> {
    await Promise.resolve();
    this.mergedInto.set(loserId, survivorId);
    for (const identifier of moved) this.entries.delete(identifierKey(identifier));
  }
}

export class CountingOutboxNotifier implements OutboxNotifier {
  notifications = 0;
  notify(): void {
    this.notifications += 1;
  }
}
