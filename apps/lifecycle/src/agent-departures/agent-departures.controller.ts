import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { RecordAgentDepartureUseCase, type AgentDeparture } from '@cip/lifecycle-domain';
import type { FastifyReply } from 'fastify';
import { AgentDepartureWorker } from './agent-departure.worker';

export interface AgentDepartureView {
  departureId: string;
  agentId: string;
  leftAt: string;
  successorAgentId: string | null;
  reason: string | null;
  recordedAt: string;
  status: AgentDeparture['status'];
  customersFound: number;
  customersAlerted: number;
  customersSkipped: number;
  customersPending: number;
  completedAt: string | null;
}

/**
 * POST /v1/agent-departures records that an agent left; every customer assigned to them then
 * gets `service-agent-left` (202: the calls are raised in the background). GET …/:id shows how
 * far that got. A repeated POST answers the same departure.
 */
@Controller('v1/agent-departures')
export class AgentDeparturesController {
  constructor(
    @Inject(RecordAgentDepartureUseCase) private readonly departures: RecordAgentDepartureUseCase,
    @Inject(AgentDepartureWorker) private readonly worker: AgentDepartureWorker,
  ) {}

  @Post()
  async record(@Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const { departure, created } = await this.departures.execute(body);
    if (created) this.worker.wake();
    await reply
      .code(202)
      .header('location', `/v1/agent-departures/${departure.departureId}`)
      .send({ ...toView(departure), created });
  }

  @Get(':departureId')
  async get(@Param('departureId') departureId: string): Promise<AgentDepartureView> {
    return toView(await this.departures.get(departureId));
  }
}

export function toView(departure: AgentDeparture): AgentDepartureView {
  return {
    departureId: departure.departureId,
    agentId: departure.agentId,
    leftAt: departure.leftAt.toISOString(),
    successorAgentId: departure.successorAgentId,
    reason: departure.reason,
    recordedAt: departure.recordedAt.toISOString(),
    status: departure.status,
    customersFound: departure.customersFound,
    customersAlerted: departure.customersAlerted,
    customersSkipped: departure.customersSkipped,
    customersPending:
      departure.customersFound - departure.customersAlerted - departure.customersSkipped,
    completedAt: departure.completedAt?.toISOString() ?? null,
  };
}
