import { toFieldIssues } from '@cip/contracts';
import type { Clock } from '../clock';
import { LifecycleError } from '../lifecycle-error';
import {
  agentDepartureId,
  agentDepartureRequestSchema,
  type AgentDeparture,
} from './agent-departure';
import type { AgentDepartureStore, RecordedDeparture } from './agent-departure.ports';

const DAY_MS = 86_400_000;

/** A departure may be announced ahead of time (notice period), up to this far. */
export const MAX_DEPARTURE_NOTICE_DAYS = 366;

export interface RecordAgentDepartureDeps {
  store: AgentDepartureStore;
  clock: Clock;
}

/**
 * Records that an agent left (or will leave): validates the request, then stores the departure
 * with the snapshot of the agent's customers; the worker calls them. Idempotent: the same agent
 * and leaving time give the same departure; the same ones with other details are a conflict.
 */
export class RecordAgentDepartureUseCase {
  constructor(private readonly deps: RecordAgentDepartureDeps) {}

  async execute(body: unknown): Promise<RecordedDeparture> {
    const parsed = agentDepartureRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw new LifecycleError('INVALID_AGENT_DEPARTURE', 'the agent departure is invalid', {
        issues: toFieldIssues(parsed.error),
      });
    }
    const request = parsed.data;
    const now = this.deps.clock.now();
    const leftAt = new Date(request.leftAt);
    if (leftAt.getTime() > now.getTime() + MAX_DEPARTURE_NOTICE_DAYS * DAY_MS) {
      throw new LifecycleError('INVALID_AGENT_DEPARTURE', 'the agent departure is invalid', {
        issues: [
          {
            path: '/leftAt',
            code: 'too_big',
            message: `at most ${MAX_DEPARTURE_NOTICE_DAYS} days ahead`,
          },
        ],
      });
    }
    const recorded = await this.deps.store.record({
      departureId: agentDepartureId(request.agentId, leftAt),
      agentId: request.agentId,
      leftAt,
      successorAgentId: request.successorAgentId ?? null,
      reason: request.reason ?? null,
      recordedAt: now,
    });
    const existing = recorded.departure;
    if (
      !recorded.created &&
      (existing.successorAgentId !== (request.successorAgentId ?? null) ||
        existing.reason !== (request.reason ?? null))
    ) {
      throw new LifecycleError(
        'AGENT_DEPARTURE_CONFLICT',
        `departure ${existing.departureId} of agent ${existing.agentId} was recorded with other details`,
        { departureId: existing.departureId },
      );
    }
    return recorded;
  }

  async get(departureId: string): Promise<AgentDeparture> {
    const departure = await this.deps.store.get(departureId);
    if (departure === null) {
      throw new LifecycleError('AGENT_DEPARTURE_NOT_FOUND', `no agent departure ${departureId}`, {
        departureId,
      });
    }
    return departure;
  }
}
