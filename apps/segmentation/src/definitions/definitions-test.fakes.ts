import {
  emptySegmentState,
  reevaluateCustomer,
  type CustomerSegmentState,
  type MembershipChange,
  type SegmentCatalog,
  type SegmentTrigger,
} from '@cip/segmentation-domain';
import type { CustomerReevaluator } from '../backfill/customer-reevaluator.port';
import type {
  SegmentStateStore,
  StoredSegmentState,
} from '../evaluate-segments/segment-state.ports';

/**
 * The hot store and the pipeline's re-evaluation runner, in memory, for the definition
 * management's int specs (Postgres is real; the pipeline has its own end-to-end tests). The
 * re-evaluation is the engine's own, so activations and retirements change memberships here.
 */
export class InMemorySegmentStates
  implements
    Pick<
      SegmentStateStore,
      'loadMany' | 'loadFields' | 'scanCustomerIds' | 'segmentSize' | 'segmentSizes'
    >,
    CustomerReevaluator
{
  readonly states = new Map<string, CustomerSegmentState>();
  readonly changes: MembershipChange[] = [];
  readonly reevaluated: string[] = [];
  private codes = new Map<number, string>();

  /** A customer with these profile attributes (the conditions of the specs read them). */
  put(customerId: string, profile: Record<string, string | number>): void {
    const state = emptySegmentState(customerId);
    for (const [attribute, value] of Object.entries(profile))
      state.features.profile[attribute] = [value, 0, 'seed'];
    this.states.set(customerId, state);
  }

  membersOf(segmentId: string): string[] {
    return [...this.states.entries()]
      .filter(([, state]) => state.memberships[segmentId] !== undefined)
      .map(([id]) => id)
      .sort();
  }

  async loadMany(
    customerIds: readonly string[],
    catalog: SegmentCatalog,
  ): Promise<Map<string, StoredSegmentState>> {
    this.learn(catalog);
    const found = new Map<string, StoredSegmentState>();
    for (const id of customerIds) {
      const state = this.states.get(id);
      if (state) found.set(id, { state, seq: 1 });
    }
    return found;
  }

  /** Whole states: a superset of any field selection. */
  async loadFields(
    customerIds: readonly string[],
    _fields: readonly string[] | undefined,
    catalog: SegmentCatalog,
  ): Promise<Map<string, CustomerSegmentState>> {
    const found = new Map<string, CustomerSegmentState>();
    for (const [id, { state }] of await this.loadMany(customerIds, catalog)) found.set(id, state);
    return found;
  }

  /** Cursors are offsets into the sorted ids ('0' starts and ends, like SCAN). */
  async scanCustomerIds(
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; customerIds: string[] }> {
    const ids = [...this.states.keys()].sort();
    const from = Number(cursor);
    const next = from + count;
    return { cursor: next >= ids.length ? '0' : String(next), customerIds: ids.slice(from, next) };
  }

  async segmentSize(code: number): Promise<number> {
    const id = this.codes.get(code);
    return id === undefined ? 0 : this.membersOf(id).length;
  }

  async segmentSizes(codes: readonly number[]): Promise<number[]> {
    return Promise.all(codes.map((code) => this.segmentSize(code)));
  }

  async reevaluate(
    customerIds: readonly string[],
    trigger: (customerId: string) => SegmentTrigger,
    catalog: SegmentCatalog,
  ): Promise<{ changes: number }> {
    this.learn(catalog);
    let changes = 0;
    for (const id of customerIds) {
      const state = this.states.get(id);
      if (!state) continue;
      this.reevaluated.push(id);
      const outcome = reevaluateCustomer(state, catalog, Date.now(), trigger(id));
      // Recorded at once: nothing stays pending.
      this.states.set(id, { ...outcome.state, pending: [] });
      if (!outcome.duplicate) {
        this.changes.push(...outcome.changes);
        changes += outcome.changes.length;
      }
    }
    return { changes };
  }

  private learn(catalog: SegmentCatalog): void {
    for (const segment of catalog.active) this.codes.set(segment.code, segment.id);
  }
}
