import type { CustomerProfileChangedV1 } from '@cip/contracts';
import type { AgentAssignments } from './agent-departure.ports';
import { assignedAgentChangeOf, type AssignedAgentChange } from './assigned-agent-change';

export type AssignmentOutcome =
  | { status: 'assigned' | 'unassigned'; change: AssignedAgentChange }
  | { status: 'unchanged' | 'duplicate' };

/** Keeps customer → assigned agent from the customer file's changes (idempotent by event id). */
export class TrackAgentAssignmentsUseCase {
  constructor(private readonly assignments: AgentAssignments) {}

  async execute(event: CustomerProfileChangedV1): Promise<AssignmentOutcome> {
    const change = assignedAgentChangeOf(event);
    const applied = await this.assignments.apply(event.eventId, change);
    if (applied === 'duplicate') return { status: 'duplicate' };
    if (change === undefined) return { status: 'unchanged' };
    return { status: change.agentId === null ? 'unassigned' : 'assigned', change };
  }
}
