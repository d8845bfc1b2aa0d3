import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { TelemetryHandle } from '@cip/telemetry';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TELEMETRY } from './tokens';

/** Prometheus scrape endpoint over the OpenTelemetry metrics of this process. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(TELEMETRY) private readonly telemetry: TelemetryHandle) {}

  @Get()
  scrape(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    reply.hijack();
    this.telemetry.prometheus.getMetricsRequestHandler(request.raw, reply.raw);
  }
}
