import { Controller, Get, Inject, Param } from '@nestjs/common';
import { customerIdSchema, InvalidInputError, toFieldIssues } from '@cip/contracts';
import { NextBestActionQuery } from '@cip/nba-domain';

export interface NextBestActionView {
  customerId: string;
  action: { actionId: string; name: string; kind: string; channel: string; script: string };
  reason: {
    alertId: string;
    triggerId: string;
    severity: string;
    suggestedStrategy: string;
  } | null;
  decidedAt: string;
}

@Controller('v1/customers')
export class NextBestActionController {
  constructor(@Inject(NextBestActionQuery) private readonly query: NextBestActionQuery) {}

  @Get(':customerId/next-best-action')
  async get(@Param('customerId') rawCustomerId: string): Promise<NextBestActionView> {
    const parsed = customerIdSchema.safeParse(rawCustomerId);
    if (!parsed.success) {
      throw new InvalidInputError('INVALID_CUSTOMER_ID', 'customerId is not a valid customer id', {
        issues: toFieldIssues(parsed.error).map((issue) => ({ ...issue, path: '/customerId' })),
      });
    }
    const decision = await this.query.execute(parsed.data);
    return { ...decision, decidedAt: decision.decidedAt.toISOString() };
  }
}
