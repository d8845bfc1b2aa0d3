import type { FeatureWindow } from '../features/feature-window';
import type { EventFilter } from '../features/feature-series';
import type { Expression, Operand } from './segment-condition.schema';

const labels = new WeakMap<Expression, string>();

/**
 * Stable, readable labels of expressions: the keys of a reason's `values` (membership events
 * carry them), e.g. `count(complaint.filed[category=network],30d)`, `sum(purchase.completed.amount,3m+3)`.
 */
export function operandLabel(operand: Operand): string {
  if (typeof operand !== 'object') return JSON.stringify(operand);
  // Validated conditions are immutable and evaluated on every event: label each node once.
  let label = labels.get(operand);
  if (label === undefined) {
    label = expressionLabel(operand);
    labels.set(operand, label);
  }
  return label;
}

function expressionLabel(expression: Expression): string {
  switch (expression.kind) {
    case 'aggregate':
      return `${expression.fn}(${seriesLabel(expression.event, expression.where, expression.field)},${windowLabel(expression.window)})`;
    case 'latest':
      return `latest(${seriesLabel(expression.event, expression.where, expression.field)})`;
    case 'daysSince':
      return `daysSince(${seriesLabel(expression.event, expression.where, undefined)})`;
    case 'profile':
      return `profile(${expression.attribute})`;
    case 'ratio':
      return `ratio(${operandLabel(expression.numerator)},${operandLabel(expression.denominator)})`;
    case 'quantile':
      return `quantile(${expression.table},${operandLabel(expression.value)})`;
  }
}

function seriesLabel(
  event: string,
  where: EventFilter | undefined,
  field: string | undefined,
): string {
  const filter = Object.entries(where ?? {})
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('|') : String(value)}`)
    .join(';');
  return `${event}${field ? `.${field}` : ''}${filter ? `[${filter}]` : ''}`;
}

function windowLabel(window: FeatureWindow | undefined): string {
  if (!window) return 'all';
  if ('days' in window) return `${window.days}d`;
  return `${window.months}m${window.skipMonths ? `+${window.skipMonths}` : ''}`;
}
