import { Controller, Get, Inject, Query } from '@nestjs/common';
import { toFieldIssues } from '@cip/contracts';
import { LifecycleError, SummarizeAlertsUseCase, type AlertSummary } from '@cip/lifecycle-domain';
import { z } from 'zod';

const summaryQuerySchema = z.object({
  period: z.enum(['day', 'week']).default('day'),
  /** A date (2025-03-01) or a timestamp; the UTC day or ISO week containing it. */
  from: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
});

/**
 * GET /v1/alerts/summary?period=day|week&from=: the management summary (MIS) of the alert
 * workflow by programme, trigger and severity.
 */
@Controller('v1/alerts')
export class AlertSummaryController {
  constructor(@Inject(SummarizeAlertsUseCase) private readonly summarize: SummarizeAlertsUseCase) {}

  @Get('summary')
  async summary(@Query() query: Record<string, unknown>): Promise<AlertSummary> {
    const parsed = summaryQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new LifecycleError(
        'INVALID_ALERT_QUERY',
        'period must be day or week; from a date or timestamp',
        {
          issues: toFieldIssues(parsed.error),
        },
      );
    }
    const { period, from } = parsed.data;
    return this.summarize.execute(period, from === undefined ? undefined : new Date(from));
  }
}
