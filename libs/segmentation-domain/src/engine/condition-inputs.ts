import { seriesKey } from '../features/feature-series';
import type { Condition, Operand } from '../language/segment-condition.schema';

/**
 * What one condition reads: the series keys and profile attributes an event can change, and the
 * segments whose memberships its `inSegment` nodes name.
 */
export interface ConditionInputs {
  series: Set<string>;
  profile: Set<string>;
  segments: Set<string>;
}

export function conditionInputs(condition: Condition): ConditionInputs {
  const inputs: ConditionInputs = { series: new Set(), profile: new Set(), segments: new Set() };
  collectCondition(condition, inputs);
  return inputs;
}

function collectCondition(node: Condition, inputs: ConditionInputs): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const child of node.rules) collectCondition(child, inputs);
      return;
    case 'not':
      return collectCondition(node.rule, inputs);
    case 'compare':
      collectOperand(node.left, inputs);
      return collectOperand(node.right, inputs);
    case 'in':
      return collectOperand(node.value, inputs);
    case 'between':
      collectOperand(node.value, inputs);
      collectOperand(node.min, inputs);
      return collectOperand(node.max, inputs);
    case 'inSegment':
      inputs.segments.add(node.segmentId);
      return;
  }
}

function collectOperand(operand: Operand, inputs: ConditionInputs): void {
  if (typeof operand !== 'object') return;
  switch (operand.kind) {
    case 'aggregate':
    case 'latest':
    case 'daysSince':
      // The same keys `featureSpecFor` and the readers use (daysSince has no field).
      inputs.series.add(seriesKey(operand));
      return;
    case 'profile':
      inputs.profile.add(operand.attribute);
      return;
    case 'ratio':
      collectOperand(operand.numerator, inputs);
      return collectOperand(operand.denominator, inputs);
    case 'quantile':
      return collectOperand(operand.value, inputs);
  }
}
