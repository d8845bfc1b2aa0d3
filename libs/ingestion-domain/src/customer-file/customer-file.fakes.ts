import type { CustomerProfileChangedV1 } from '@cip/contracts';
import type { InMemoryIdentityGraph } from '../identity/identity.fakes';
import type {
  CustomerProfileStore,
  CustomerProfileTransaction,
  ProfileAuditEntry,
  ProfileLookup,
  StoredProfile,
} from './customer-profile-store.port';

/** Profiles in memory over the in-memory identity graph (its customers are the files' owners). */
export class InMemoryProfileStore implements CustomerProfileStore {
  readonly profiles = new Map<string, StoredProfile>();
  readonly auditTrail: ProfileAuditEntry[] = [];
  readonly outbox: CustomerProfileChangedV1[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly graph: InMemoryIdentityGraph) {}

  async find(customerId: string): Promise<ProfileLookup> {
    await Promise.resolve();
    const customer = this.graph.state.customers.get(customerId);
    if (!customer) return { kind: 'missing' };
    if (customer.status === 'merged') return { kind: 'merged', survivorId: customer.mergedInto };
    const stored = this.profiles.get(customerId) ?? {
      customerId,
      status: customer.status,
      version: 0,
      profile: {},
      updatedAt: null,
      updatedBy: null,
    };
    return { kind: 'found', stored: structuredClone(stored) };
  }

  withCustomerLocked<T>(
    customerId: string,
    work: (tx: CustomerProfileTransaction) => Promise<T>,
  ): Promise<T> {
    const run = this.queue.then(async () => {
      const pending: {
        saved?: StoredProfile;
        audit: ProfileAuditEntry[];
        events: CustomerProfileChangedV1[];
      } = {
        audit: [],
        events: [],
      };
      const result = await work({
        current: () => this.find(customerId),
        save: async (stored, previousVersion) => {
          await Promise.resolve();
          if ((this.profiles.get(customerId)?.version ?? 0) !== previousVersion) return false;
          pending.saved = structuredClone(stored);
          return true;
        },
        audit: async (entry) => {
          pending.audit.push(entry);
          await Promise.resolve();
        },
        enqueue: async (event) => {
          pending.events.push(event);
          await Promise.resolve();
        },
      });
      if (pending.saved) this.profiles.set(customerId, pending.saved);
      this.auditTrail.push(...pending.audit);
      this.outbox.push(...pending.events);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
