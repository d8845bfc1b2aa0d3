import type { Severity } from '@cip/contracts';
import type { OpenAlert } from '../alerts/open-alert';
import type { CatalogAction } from '../catalog/catalog-action';
import { NbaError } from '../nba-error';
import { SELLING_KINDS, sellingBlockedBy } from './serve-before-selling.policy';

export interface NextBestActionDecision {
  action: Pick<CatalogAction, 'actionId' | 'name' | 'kind' | 'channel' | 'script'>;
  reason: {
    alertId: string;
    triggerId: string;
    severity: Severity;
    suggestedStrategy: string;
  } | null;
  decidedAt: Date;
}

export interface NextBestAction extends NextBestActionDecision {
  customerId: string;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
};

/** Most severe first, then most recent; alert id last so the order is total. */
export function compareAlerts(a: OpenAlert, b: OpenAlert): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    b.raisedAt.getTime() - a.raisedAt.getTime() ||
    a.alertId.localeCompare(b.alertId)
  );
}

function byPriority(a: CatalogAction, b: CatalogAction): number {
  return b.priority - a.priority || a.actionId.localeCompare(b.actionId);
}

/**
 * The action for an agent or channel: for the most urgent open alert that some enabled action
 * answers, that action with the alert as reason; otherwise the best default action (no triggers),
 * reason null. Selling actions are never offered while serve-before-selling applies.
 */
export function chooseNextBestAction(
  openAlerts: readonly OpenAlert[],
  catalog: readonly CatalogAction[],
  now: Date,
): NextBestActionDecision {
  const blockSelling = sellingBlockedBy(openAlerts);
  const usable = catalog
    .filter((action) => action.enabled && !(blockSelling && SELLING_KINDS.has(action.kind)))
    .sort(byPriority);

  for (const alert of [...openAlerts].sort(compareAlerts)) {
    const action = usable.find((candidate) =>
      candidate.appliesToTriggers.includes(alert.triggerId),
    );
    if (action) {
      return {
        action: view(action),
        reason: {
          alertId: alert.alertId,
          triggerId: alert.triggerId,
          severity: alert.severity,
          suggestedStrategy: alert.suggestedStrategy,
        },
        decidedAt: now,
      };
    }
  }

  const fallback = usable.find((action) => action.appliesToTriggers.length === 0);
  if (!fallback) {
    throw new NbaError('NO_ELIGIBLE_ACTION', 'the action catalog has no enabled default action');
  }
  return { action: view(fallback), reason: null, decidedAt: now };
}

function view(action: CatalogAction): NextBestActionDecision['action'] {
  return {
    actionId: action.actionId,
    name: action.name,
    kind: action.kind,
    channel: action.channel,
    script: action.script,
  };
}
