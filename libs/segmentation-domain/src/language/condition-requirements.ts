import { FeatureSpecBuilder, type FeatureSpec } from '../features/feature-spec';
import type { Condition, Operand } from './segment-condition.schema';

/** What the features must keep so these conditions can be evaluated incrementally. */
export function featureSpecFor(
  conditions: readonly Condition[],
  builder: FeatureSpecBuilder = new FeatureSpecBuilder(),
): FeatureSpec {
  for (const condition of conditions) collectCondition(condition, builder);
  return builder.build();
}

function collectCondition(node: Condition, builder: FeatureSpecBuilder): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const child of node.rules) collectCondition(child, builder);
      return;
    case 'not':
      return collectCondition(node.rule, builder);
    case 'compare':
      collectOperand(node.left, builder);
      return collectOperand(node.right, builder);
    case 'in':
      return collectOperand(node.value, builder);
    case 'between':
      collectOperand(node.value, builder);
      collectOperand(node.min, builder);
      return collectOperand(node.max, builder);
    case 'inSegment':
      return;
  }
}

function collectOperand(operand: Operand, builder: FeatureSpecBuilder): void {
  if (typeof operand !== 'object') return;
  switch (operand.kind) {
    case 'aggregate': {
      const window = operand.window;
      builder.needSeries(
        operand,
        !window
          ? {}
          : 'days' in window
            ? { days: window.days }
            : { months: window.months + (window.skipMonths ?? 0) },
      );
      return;
    }
    case 'latest':
      builder.needSeries(operand);
      return;
    case 'daysSince':
      // Recency reads the series' latest event: no field, no buckets.
      builder.needSeries({ event: operand.event, where: operand.where });
      return;
    case 'profile':
      builder.needProfile(operand.attribute);
      return;
    case 'ratio':
      collectOperand(operand.numerator, builder);
      return collectOperand(operand.denominator, builder);
    case 'quantile':
      return collectOperand(operand.value, builder);
  }
}
