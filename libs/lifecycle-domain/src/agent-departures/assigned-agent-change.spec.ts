import { CUSTOMER_PROFILE_CHANGED, type CustomerProfileChangedV1 } from '@cip/contracts';
import { assignedAgentChangeOf } from './assigned-agent-change';

const changed = (
  changes: CustomerProfileChangedV1['payload']['changes'],
  profileVersion = 3,
): CustomerProfileChangedV1 => ({
  eventId: 'profile-1',
  type: CUSTOMER_PROFILE_CHANGED,
  version: 1,
  occurredAt: '2026-01-02T03:04:05.000Z',
  customerId: 'cust-1',
  source: 'ingestion.customer-file',
  payload: { profileVersion, changes, changedBy: { actor: 'crm', via: 'api' } },
});

describe('assignedAgentChangeOf', () => {
  it('reads the agent field itself', () => {
    expect(
      assignedAgentChangeOf(
        changed([{ field: '/relationship/assignedAgentId', value: 'agent-7' }]),
      ),
    ).toEqual({
      customerId: 'cust-1',
      agentId: 'agent-7',
      profileVersion: 3,
      at: new Date('2026-01-02T03:04:05.000Z'),
    });
  });

  it('reads a relationship object that appeared as a whole', () => {
    const change = assignedAgentChangeOf(
      changed([
        { field: '/contact/email', value: 'a@b.io' },
        { field: '/relationship', value: { assignedAgentId: 'agent-9' } },
      ]),
    );
    expect(change?.agentId).toBe('agent-9');
  });

  it.each([
    ['the agent removed', [{ field: '/relationship/assignedAgentId', value: null }]],
    ['the relationship removed', [{ field: '/relationship', value: null }]],
    ['a relationship without agent', [{ field: '/relationship', value: {} }]],
  ])('%s → unassigned', (_label, changes) => {
    expect(assignedAgentChangeOf(changed(changes))?.agentId).toBeNull();
  });

  it('ignores changes that do not touch the agent', () => {
    expect(
      assignedAgentChangeOf(
        changed([
          { field: '/preferences/channel', value: 'sms' },
          { field: '/relationshipNotes', value: 'x' },
        ]),
      ),
    ).toBeUndefined();
  });
});
