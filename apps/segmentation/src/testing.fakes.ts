import type { ContactEvent } from '@cip/contracts';
import type { CustomerState, MembershipChange, SegmentDefinition } from '@cip/segmentation-domain';
import type {
  AppliedEventRecord,
  ContactEventRedirector,
  CustomerStateStore,
  MembershipPublisher,
  MergeRecord,
  SegmentationRecords,
  StoredState,
} from './apply-contact-event/segmentation.ports';

/** The seeded segment: 2 complaints within 30 days. */
export const DEFINITION: SegmentDefinition = {
  id: 'repeated-complainers',
  version: 1,
  status: 'active',
  name: 'Repeated complainers',
  description: '',
  owner: 'retention',
  strategy: 'win back',
  rule: {
    kind: 'gte',
    left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
    right: 2,
  },
};

/** In-memory adapters for the use-case unit tests (the real ones are covered by the int tests). */
export class FakeStates implements CustomerStateStore {
  readonly data = new Map<string, StoredState>();
  async load(customerId: string): Promise<StoredState | undefined> {
    return this.data.get(customerId);
  }
  async compareAndSet(state: CustomerState, expected: number | undefined): Promise<boolean> {
    if (this.data.get(state.customerId)?.version !== expected) return false;
    this.data.set(state.customerId, { state, version: state.version });
    return true;
  }
}

export class FakeRecords implements SegmentationRecords {
  readonly processed = new Set<string>();
  readonly snapshots = new Map<string, CustomerState>();
  readonly history = new Map<string, MembershipChange>();
  failNextRecord = false;
  async isProcessed(_consumer: string, eventId: string): Promise<boolean> {
    return this.processed.has(eventId);
  }
  async loadSnapshot(customerId: string): Promise<CustomerState | undefined> {
    return this.snapshots.get(customerId);
  }
  async record(entry: AppliedEventRecord): Promise<boolean> {
    return this.recordMerge({ ...entry, states: [entry.state] });
  }
  async recordMerge(entry: MergeRecord): Promise<boolean> {
    if (this.failNextRecord) {
      this.failNextRecord = false;
      throw new Error('postgres down');
    }
    if (this.processed.has(entry.eventId)) return false;
    this.processed.add(entry.eventId);
    for (const state of entry.states) this.snapshots.set(state.customerId, state);
    for (const change of entry.changes) this.history.set(change.eventId, change);
    return true;
  }
}

export class FakePublisher implements MembershipPublisher {
  readonly published: MembershipChange[] = [];
  async publish(changes: readonly MembershipChange[]): Promise<void> {
    this.published.push(...changes);
  }
}

export class FakeRedirector implements ContactEventRedirector {
  readonly redirected: Array<{ event: ContactEvent; survivorId: string }> = [];
  async redirect(event: ContactEvent, survivorId: string): Promise<void> {
    this.redirected.push({ event, survivorId });
  }
}
