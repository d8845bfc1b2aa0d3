import { Controller, Get, Inject, Query } from '@nestjs/common';
import { customerIdSchema, InvalidInputError, toFieldIssues } from '@cip/contracts';
import { AlertEntity, DATA_SOURCE } from '@cip/persistence';
import type { DataSource } from 'typeorm';

export interface AlertView {
  alertId: string;
  customerId: string;
  triggerId: string;
  severity: string;
  status: string;
  reason: string;
  suggestedStrategy: string;
  valueTier: string;
  raisedAt: string;
  deadline: string | null;
  evidence: Record<string, unknown>;
}

/** Page size cap: an agent desktop shows the latest alerts of one customer. */
const MAX_ALERTS = 100;

@Controller('v1/alerts')
export class AlertsController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
  async list(
    @Query('customerId') rawCustomerId: unknown,
  ): Promise<{ customerId: string; alerts: AlertView[] }> {
    const parsed = customerIdSchema.safeParse(rawCustomerId);
    if (!parsed.success) {
      throw new InvalidInputError(
        'INVALID_CUSTOMER_ID',
        'query parameter customerId is missing or not a valid customer id',
        {
          issues: toFieldIssues(parsed.error).map((issue) => ({ ...issue, path: '/customerId' })),
        },
      );
    }
    const customerId = parsed.data;
    const rows = await this.dataSource.getRepository(AlertEntity).find({
      where: { customerId },
      order: { raisedAt: 'DESC', alertId: 'ASC' },
      take: MAX_ALERTS,
    });
    return {
      customerId,
      alerts: rows.map((row) => ({
        alertId: row.alertId,
        customerId: row.customerId,
        triggerId: row.triggerId,
        severity: row.severity,
        status: row.status,
        reason: row.reason,
        suggestedStrategy: row.suggestedStrategy,
        valueTier: row.valueTier,
        raisedAt: row.raisedAt.toISOString(),
        deadline: row.deadline?.toISOString() ?? null,
        evidence: row.evidence,
      })),
    };
  }
}
