import { Body, Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { toFieldIssues } from '@cip/contracts';
import {
  alertTransitionBodySchema,
  LifecycleError,
  TransitionAlertUseCase,
  type Clock,
  type ExpectedAlertVersion,
} from '@cip/lifecycle-domain';
import type { FastifyReply } from 'fastify';
import { LIFECYCLE_CLOCK } from '../lifecycle.tokens';
import { ALERT_QUERIES } from './alert-workflow.tokens';
import {
  toAlertView,
  toTransitionView,
  type AlertTransitionView,
  type AlertView,
} from './alert.view';
import { etagOf, ifMatchVersion } from './http-preconditions';
import type { PostgresAlertQueries } from './postgres-alert.queries';

export interface AlertDetailView extends AlertView {
  history: AlertTransitionView[];
}

/**
 * One alert and its workflow: GET answers the alert with its history and an ETag (its version);
 * POST …/transitions moves it (acknowledge, action, resolve with an outcome). Concurrency is
 * optimistic: If-Match (412 on mismatch) or `expectedVersion` in the body (409).
 */
@Controller('v1/alerts')
export class AlertWorkflowController {
  constructor(
    @Inject(ALERT_QUERIES) private readonly queries: PostgresAlertQueries,
    @Inject(TransitionAlertUseCase) private readonly transitions: TransitionAlertUseCase,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':alertId')
  async get(@Param('alertId') alertId: string, @Res() reply: FastifyReply): Promise<void> {
    const detail = await this.detail(alertId);
    await reply.code(200).header('etag', etagOf(detail.version)).send(detail);
  }

  @Post(':alertId/transitions')
  async transition(
    @Param('alertId') alertId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const parsed = alertTransitionBodySchema.safeParse(body ?? {});
    if (!parsed.success) {
      throw new LifecycleError('INVALID_ALERT_TRANSITION', 'the transition request is invalid', {
        issues: toFieldIssues(parsed.error),
      });
    }
    const { expectedVersion, ...request } = parsed.data;
    const expected: ExpectedAlertVersion | undefined =
      ifMatchVersion(ifMatch) ??
      (expectedVersion === undefined ? undefined : { via: 'body', version: expectedVersion });
    const applied = await this.transitions.execute(alertId, { ...request, expected });
    const detail = await this.detail(alertId);
    await reply
      .code(200)
      .header('etag', etagOf(applied.alert.version))
      .send({ ...detail, transition: toTransitionView(applied.transition) });
  }

  private async detail(alertId: string): Promise<AlertDetailView> {
    const found = await this.queries.get(alertId);
    if (found === null) {
      throw new LifecycleError('ALERT_NOT_FOUND', `no alert ${alertId}`, { alertId });
    }
    return {
      ...toAlertView(found.row, this.clock.now()),
      history: found.history.map(toTransitionView),
    };
  }
}
