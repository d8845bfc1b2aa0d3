import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Clock } from '@cip/lifecycle-domain';
import { toAlertView, type AlertView } from '../alert-workflow/alert.view';
import type { PostgresAlertQueries } from '../alert-workflow/postgres-alert.queries';
import { ALERT_QUERIES } from '../alert-workflow/alert-workflow.tokens';
import { LIFECYCLE_CLOCK } from '../lifecycle.tokens';
import { encodeAlertCursor } from './alert-cursor';
import { toAlertListFilter } from './list-alerts.query';

export type { AlertView } from '../alert-workflow/alert.view';

export interface AlertPage {
  /** Echoed when the list is one customer's (the agent desktop's original query). */
  customerId?: string;
  alerts: AlertView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * GET /v1/alerts: every alert, newest first, filtered by status, severity, customerId and
 * overdue (open past the 48-hour review), paged by an opaque keyset cursor.
 */
@Controller('v1/alerts')
export class AlertsController {
  constructor(
    @Inject(ALERT_QUERIES) private readonly queries: PostgresAlertQueries,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<AlertPage> {
    const filter = toAlertListFilter(query);
    const now = this.clock.now();
    const rows = await this.queries.list(filter, now);
    const last = rows.at(-1);
    return {
      ...(filter.customerId === undefined ? {} : { customerId: filter.customerId }),
      alerts: rows.map((row) => toAlertView(row, now)),
      nextCursor:
        last !== undefined && rows.length === filter.limit
          ? encodeAlertCursor({ raisedAt: last.raised_at, alertId: last.alert_id })
          : null,
    };
  }
}
