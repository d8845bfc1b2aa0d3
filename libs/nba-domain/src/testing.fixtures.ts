import type { OpenAlert } from './alerts/open-alert';
import type { CatalogAction } from './catalog/catalog-action';

// Shared by this lib's specs (not exported from index.ts). Mirrors the seeded catalog.
export const SEEDED_CATALOG: CatalogAction[] = [
  action('retention-call-apology-credit', 'retention', ['repeated-complaints'], 100),
  action('retention-loyalty-offer', 'retention', ['repeated-complaints'], 80),
  action('service-follow-up', 'service', ['repeated-complaints'], 60),
  action('nurture-newsletter', 'nurture', [], 10),
];

export function action(
  actionId: string,
  kind: CatalogAction['kind'],
  appliesToTriggers: string[],
  priority: number,
  enabled = true,
): CatalogAction {
  return {
    actionId,
    name: actionId,
    kind,
    channel: 'phone',
    script: `script of ${actionId}`,
    appliesToTriggers,
    priority,
    enabled,
  };
}

export function openAlert(overrides: Partial<OpenAlert> = {}): OpenAlert {
  return {
    alertId: 'alert-1',
    customerId: 'cust-1',
    triggerId: 'repeated-complaints',
    severity: 'high',
    suggestedStrategy: 'call within 48 hours',
    raisedAt: new Date('2025-03-01T10:00:00Z'),
    deadline: new Date('2025-03-03T10:00:00Z'),
    ...overrides,
  };
}
