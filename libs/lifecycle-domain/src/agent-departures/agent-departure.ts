import { agentIdSchema, isoTimestampSchema } from '@cip/contracts';
import { z } from 'zod';
import { deterministicId } from '../ids/deterministic-id';

/** `pending` until every customer of the agent was settled (alerted or skipped). */
export type AgentDepartureStatus = 'pending' | 'completed';

/** `POST /v1/agent-departures` body. */
export const agentDepartureRequestSchema = z
  .strictObject({
    agentId: agentIdSchema,
    /** When the agent left (or will leave: a departure fires once this time has come). */
    leftAt: isoTimestampSchema,
    successorAgentId: agentIdSchema.optional(),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
      .optional(),
  })
  .refine((r) => r.successorAgentId !== r.agentId, {
    path: ['successorAgentId'],
    message: 'the successor must be another agent',
  });

export type AgentDepartureRequest = z.output<typeof agentDepartureRequestSchema>;

/** What is recorded before any customer is called. */
export interface NewAgentDeparture {
  departureId: string;
  agentId: string;
  leftAt: Date;
  successorAgentId: string | null;
  reason: string | null;
  recordedAt: Date;
}

/** A recorded departure and its progress. */
export interface AgentDeparture extends NewAgentDeparture {
  status: AgentDepartureStatus;
  /** Customers assigned to the agent when the departure was recorded (the snapshot to call). */
  customersFound: number;
  customersAlerted: number;
  /** Settled without a firing: no enabled `agent-departed` trigger at the time. */
  customersSkipped: number;
  completedAt: Date | null;
}

/**
 * One departure per agent and leaving time: a repeated request (client retry) finds the same
 * departure, so its customers are called once; a later departure of the same agent (rehired,
 * left again) is a new one.
 */
export function agentDepartureId(agentId: string, leftAt: Date): string {
  return deterministicId('agent-departure', agentId, leftAt.toISOString());
}

/** When the departure's firings are raised: when it was recorded, or when the agent leaves. */
export function departureFiresAt(departure: NewAgentDeparture): Date {
  return new Date(Math.max(departure.leftAt.getTime(), departure.recordedAt.getTime()));
}
