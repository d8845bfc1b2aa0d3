import { customerIdSchema, InvalidInputError, severitySchema, toFieldIssues } from '@cip/contracts';
import { ALERT_STATUSES, LifecycleError } from '@cip/lifecycle-domain';
import { z } from 'zod';
import type { AlertListFilter } from '../alert-workflow/postgres-alert.queries';
import { decodeAlertCursor } from './alert-cursor';

/** Page size cap (and default): an agent desktop shows the latest alerts of one customer. */
export const MAX_ALERTS = 100;

/** A repeated parameter (`?status=a&status=b`) or a comma list (`?status=a,b`). */
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z.preprocess(
    (raw) =>
      typeof raw === 'string' || Array.isArray(raw)
        ? [raw]
            .flat()
            .flatMap((value) => String(value).split(','))
            .filter(Boolean)
        : raw,
    z.array(item).min(1),
  );

const listQuerySchema = z.object({
  status: csv(z.enum(ALERT_STATUSES)).optional(),
  severity: csv(severitySchema).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ALERTS).optional(),
  cursor: z.string().min(1).max(512).optional(),
});

/** GET /v1/alerts query → filter; a bad customerId keeps its historical code INVALID_CUSTOMER_ID. */
export function toAlertListFilter(query: Record<string, unknown>): AlertListFilter {
  let customerId: string | undefined;
  if (query['customerId'] !== undefined) {
    const parsed = customerIdSchema.safeParse(query['customerId']);
    if (!parsed.success) {
      throw new InvalidInputError(
        'INVALID_CUSTOMER_ID',
        'query parameter customerId is not a valid customer id',
        {
          issues: toFieldIssues(parsed.error).map((issue) => ({ ...issue, path: '/customerId' })),
        },
      );
    }
    customerId = parsed.data;
  }
  const parsed = listQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw new LifecycleError('INVALID_ALERT_QUERY', 'the alert query is invalid', {
      issues: toFieldIssues(parsed.error),
    });
  }
  const { status, severity, overdue, limit, cursor } = parsed.data;
  return {
    customerId,
    statuses: status,
    severities: severity,
    overdue,
    limit: limit ?? MAX_ALERTS,
    after: cursor === undefined ? undefined : decodeAlertCursor(cursor),
  };
}
