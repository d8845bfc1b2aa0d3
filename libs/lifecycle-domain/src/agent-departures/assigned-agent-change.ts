import { ASSIGNED_AGENT_FIELD, type CustomerProfileChangedV1 } from '@cip/contracts';

/** The customer's assigned agent after a profile change; agentId null = no agent any more. */
export interface AssignedAgentChange {
  customerId: string;
  agentId: string | null;
  /** Orders the changes of one customer: an older (replayed) one never overwrites a newer one. */
  profileVersion: number;
  at: Date;
}

const RELATIONSHIP_FIELD = '/relationship';

/**
 * The assigned-agent change a profile change carries, if any. Changes are JSON pointers at the
 * deepest level that differs, so the agent shows up as `/relationship/assignedAgentId` or, when
 * the whole relationship object came or went, as `/relationship`.
 */
export function assignedAgentChangeOf(
  event: CustomerProfileChangedV1,
): AssignedAgentChange | undefined {
  let agent: { id: string | null } | undefined;
  for (const change of event.payload.changes) {
    if (change.field === ASSIGNED_AGENT_FIELD) {
      agent = { id: typeof change.value === 'string' ? change.value : null };
    } else if (change.field === RELATIONSHIP_FIELD) {
      const value = change.value;
      const id =
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? value['assignedAgentId']
          : undefined;
      agent = { id: typeof id === 'string' ? id : null };
    }
  }
  if (agent === undefined) return undefined;
  return {
    customerId: event.customerId,
    agentId: agent.id,
    profileVersion: event.payload.profileVersion,
    at: new Date(event.occurredAt),
  };
}
