import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { backfillJobView, type BackfillJobView } from '../backfill/backfill-job.view';
import type { BackfillPoller } from '../backfill/backfill.poller';
import { BACKFILL_POLLER } from '../backfill/backfill.tokens';
import { actorOf } from '../definitions/http-input';
import {
  RecomputeQuantilesUseCase,
  type QuantileRecomputation,
  type QuantileTableView,
} from './recompute-quantiles.use-case';

/** Population quantile tables (RFM quintile cuts), recomputed periodically or on request. */
@Controller('v1')
export class QuantileTablesController {
  constructor(
    private readonly quantiles: RecomputeQuantilesUseCase,
    @Inject(BACKFILL_POLLER) private readonly poller: Pick<BackfillPoller, 'nudge'>,
  ) {}

  @Get('quantile-tables')
  async list(): Promise<{ tables: QuantileTableView[] }> {
    return { tables: await this.quantiles.list() };
  }

  @Post('quantile-tables::recompute')
  async recompute(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Omit<QuantileRecomputation, 'job'> & { job: BackfillJobView | null }> {
    const result = await this.quantiles.recompute(actorOf(request));
    if (result.job) {
      this.poller.nudge();
      void reply.header('location', `/v1/backfill-jobs/${result.job.id}`);
    }
    void reply.code(200);
    return { ...result, job: result.job ? backfillJobView(result.job) : null };
  }
}
