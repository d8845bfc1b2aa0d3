import { Controller, Get, Inject, Param } from '@nestjs/common';
import { customerIdSchema, InvalidInputError, toFieldIssues } from '@cip/contracts';
import { LifecycleError, type ChurnRiskStore } from '@cip/lifecycle-domain';
import { CHURN_RISK_STORE } from './churn-risk.tokens';

export interface ChurnRiskView {
  customerId: string;
  score: number;
  band: string;
  modelVersion: string;
  asOf: string;
  scoredByEventId: string;
  reasons: Array<{ code: string; label: string; contribution: number; value: number }>;
}

/** GET /v1/customers/:id/churn-risk: the latest score, its band, model version and reasons. */
@Controller('v1/customers')
export class ChurnRiskController {
  constructor(@Inject(CHURN_RISK_STORE) private readonly store: ChurnRiskStore) {}

  @Get(':customerId/churn-risk')
  async get(@Param('customerId') rawCustomerId: string): Promise<ChurnRiskView> {
    const parsed = customerIdSchema.safeParse(rawCustomerId);
    if (!parsed.success) {
      throw new InvalidInputError('INVALID_CUSTOMER_ID', 'customerId is not a valid customer id', {
        issues: toFieldIssues(parsed.error).map((issue) => ({ ...issue, path: '/customerId' })),
      });
    }
    const customerId = parsed.data;
    const score = await this.store.latestScore(customerId);
    if (!score) {
      throw new LifecycleError('CHURN_RISK_NOT_SCORED', `no churn score for ${customerId}`, {
        customerId,
      });
    }
    return {
      customerId,
      score: score.probability,
      band: score.band,
      modelVersion: score.modelVersion,
      asOf: score.asOf.toISOString(),
      scoredByEventId: score.eventId,
      reasons: score.reasons.map((r) => ({
        code: r.feature,
        label: r.label,
        contribution: r.contribution,
        value: r.value,
      })),
    };
  }
}
