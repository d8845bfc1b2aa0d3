import { CUSTOMER_PROFILE_CHANGED, type CustomerProfileChangedV1 } from '@cip/contracts';
import type { AgentAssignments } from './agent-departure.ports';
import type { AssignedAgentChange } from './assigned-agent-change';
import { TrackAgentAssignmentsUseCase } from './track-agent-assignments.use-case';

/** Inbox + latest agent per customer, ordered by profile version, in memory. */
class InMemoryAssignments implements AgentAssignments {
  readonly seen = new Set<string>();
  readonly agents = new Map<string, { agentId: string | null; version: number }>();

  apply(eventId: string, change: AssignedAgentChange | undefined) {
    if (this.seen.has(eventId)) return Promise.resolve('duplicate' as const);
    this.seen.add(eventId);
    const current = this.agents.get(change?.customerId ?? '');
    if (change && (current === undefined || current.version < change.profileVersion)) {
      this.agents.set(change.customerId, {
        agentId: change.agentId,
        version: change.profileVersion,
      });
    }
    return Promise.resolve('applied' as const);
  }
}

const event = (
  eventId: string,
  profileVersion: number,
  value: string | null,
): CustomerProfileChangedV1 => ({
  eventId,
  type: CUSTOMER_PROFILE_CHANGED,
  version: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  customerId: 'cust-1',
  source: 'ingestion.customer-file',
  payload: {
    profileVersion,
    changes: [{ field: '/relationship/assignedAgentId', value }],
    changedBy: { actor: 'crm', via: 'api' },
  },
});

describe('TrackAgentAssignmentsUseCase', () => {
  it('assigns, unassigns, ignores copies and other changes', async () => {
    const store = new InMemoryAssignments();
    const useCase = new TrackAgentAssignmentsUseCase(store);
    expect((await useCase.execute(event('e1', 1, 'agent-7'))).status).toBe('assigned');
    expect((await useCase.execute(event('e1', 1, 'agent-7'))).status).toBe('duplicate');
    expect((await useCase.execute(event('e2', 2, null))).status).toBe('unassigned');
    const other = {
      ...event('e3', 3, null),
      payload: {
        ...event('e3', 3, null).payload,
        changes: [{ field: '/preferences/channel', value: 'sms' }],
      },
    };
    expect((await useCase.execute(other)).status).toBe('unchanged');
    expect(store.agents.get('cust-1')).toEqual({ agentId: null, version: 2 });
  });
});
