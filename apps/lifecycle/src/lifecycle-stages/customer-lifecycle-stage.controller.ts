import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { customerIdSchema, InvalidInputError, toFieldIssues } from '@cip/contracts';
import { LifecycleError, type LifecycleStageStore } from '@cip/lifecycle-domain';
import type { FastifyReply } from 'fastify';
import { LIFECYCLE_STAGE_STORE } from './lifecycle-stages.tokens';

export interface CustomerLifecycleStageView {
  customerId: string;
  stage: string;
  since: string;
  version: number;
  history: Array<{
    version: number;
    from: string | null;
    to: string;
    at: string;
    membershipEventId: string;
    segmentId: string;
    reason: { summary: string; values: Record<string, unknown> };
    eventId: string;
  }>;
}

/** GET /v1/customers/:id/lifecycle-stage: the current stage, since when, and every move. */
@Controller('v1/customers')
export class CustomerLifecycleStageController {
  constructor(@Inject(LIFECYCLE_STAGE_STORE) private readonly store: LifecycleStageStore) {}

  @Get(':customerId/lifecycle-stage')
  async get(
    @Param('customerId') rawCustomerId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerLifecycleStageView> {
    const parsed = customerIdSchema.safeParse(rawCustomerId);
    if (!parsed.success) {
      throw new InvalidInputError('INVALID_CUSTOMER_ID', 'customerId is not a valid customer id', {
        issues: toFieldIssues(parsed.error).map((issue) => ({ ...issue, path: '/customerId' })),
      });
    }
    const customerId = parsed.data;
    const current = await this.store.current(customerId);
    if (current === null) {
      throw new LifecycleError(
        'LIFECYCLE_STAGE_NOT_FOUND',
        `no lifecycle stage known for ${customerId}`,
        { customerId },
      );
    }
    // Read after the current row and cut at its version: one consistent picture even while a
    // newer move commits in between.
    const history = (await this.store.history(customerId)).filter(
      (entry) => entry.version <= current.version,
    );
    void reply.header('etag', `"${current.version}"`);
    return {
      customerId,
      stage: current.stage,
      since: current.since.toISOString(),
      version: current.version,
      history: history.map((entry) => ({
        version: entry.version,
        from: entry.from,
        to: entry.to,
        at: entry.at.toISOString(),
        membershipEventId: entry.membershipEventId,
        segmentId: entry.segmentId,
        reason: entry.reason,
        eventId: entry.eventId,
      })),
    };
  }
}
