import { InvalidInputError, type FieldIssue } from '@cip/contracts';
import { checkTreeLimits, findUnknownKind, narrowUnionIssues } from '../rules/json-tree-checks';
import { COMPARISON_KINDS } from '../rules/rule.types';
import { validateRule } from '../rules/validate-rule';
import { CONDITION_LIMITS } from './condition-limits';
import { payloadFields } from './event-fields';
import {
  conditionSchema,
  type Condition,
  type Expression,
  type Operand,
} from './segment-condition.schema';
import { translateLegacyRule } from './translate-legacy-rule';

export type ConditionValidation =
  { ok: true; condition: Condition } | { ok: false; issues: FieldIssue[] };

export interface ConditionValidationOptions {
  /** Quantile tables that exist; when given, a condition naming another one is rejected. */
  quantileTables?: ReadonlySet<string>;
}

const KNOWN_KINDS = new Set([
  'and',
  'or',
  'not',
  'compare',
  'in',
  'between',
  'inSegment',
  'aggregate',
  'latest',
  'daysSince',
  'profile',
  'ratio',
  'quantile',
]);

/**
 * Validates untrusted condition JSON: limits first (bounded walk), then node kinds, the schema,
 * and what the schema cannot say alone (fields that exist on the event, numeric measures,
 * month windows only for count/sum/avg). Every issue has a JSON pointer to its node.
 * The first rule form (seeded definitions) is accepted and translated.
 */
export function validateCondition(
  input: unknown,
  options: ConditionValidationOptions = {},
): ConditionValidation {
  const limitIssue = checkTreeLimits(input, CONDITION_LIMITS);
  if (limitIssue) return { ok: false, issues: [limitIssue] };
  if (isLegacyForm(input)) {
    const legacy = validateRule(input);
    return legacy.ok
      ? { ok: true, condition: translateLegacyRule(legacy.rule) }
      : { ok: false, issues: legacy.issues };
  }
  const unknownKind = findUnknownKind(input, KNOWN_KINDS);
  if (unknownKind) return { ok: false, issues: [unknownKind] };
  const parsed = conditionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: narrowUnionIssues(parsed.error) };
  const issues: FieldIssue[] = [];
  checkCondition(parsed.data, '', options, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, condition: parsed.data };
}

/** Like `validateCondition` but throws `InvalidInputError` with code INVALID_CONDITION. */
export function parseCondition(input: unknown, options?: ConditionValidationOptions): Condition {
  const result = validateCondition(input, options);
  if (result.ok) return result.condition;
  const first = result.issues[0];
  throw new InvalidInputError(
    'INVALID_CONDITION',
    `invalid condition at ${first?.path ?? '/'}: ${first?.message ?? ''}`,
    { issues: result.issues },
  );
}

/** A tree whose comparisons use the first form's kinds (`gte`…) is a legacy rule. */
function isLegacyForm(input: unknown): boolean {
  if (input === null || typeof input !== 'object') return false;
  const node = input as Record<string, unknown>;
  if ((COMPARISON_KINDS as readonly unknown[]).includes(node['kind'])) return true;
  if (node['kind'] === 'not') return isLegacyForm(node['rule']);
  if ((node['kind'] === 'and' || node['kind'] === 'or') && Array.isArray(node['rules']))
    return node['rules'].length > 0 && node['rules'].every(isLegacyForm);
  return false;
}

function checkCondition(
  node: Condition,
  path: string,
  options: ConditionValidationOptions,
  issues: FieldIssue[],
): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      node.rules.forEach((child, i) =>
        checkCondition(child, `${path}/rules/${i}`, options, issues),
      );
      return;
    case 'not':
      return checkCondition(node.rule, `${path}/rule`, options, issues);
    case 'compare':
      checkOperand(node.left, `${path}/left`, options, issues);
      return checkOperand(node.right, `${path}/right`, options, issues);
    case 'in':
      return checkOperand(node.value, `${path}/value`, options, issues);
    case 'between':
      checkOperand(node.value, `${path}/value`, options, issues);
      checkOperand(node.min, `${path}/min`, options, issues);
      return checkOperand(node.max, `${path}/max`, options, issues);
    case 'inSegment':
      return;
  }
}

function checkOperand(
  operand: Operand,
  path: string,
  options: ConditionValidationOptions,
  issues: FieldIssue[],
): void {
  if (typeof operand !== 'object') return;
  const issue = (at: string, code: string, message: string) =>
    issues.push({ path: `${path}${at}`, code, message });
  const expression: Expression = operand;
  switch (expression.kind) {
    case 'aggregate': {
      checkFilter(expression.event, expression.where, issue);
      // count may name a field too: it then counts the events carrying it, sharing the series
      // (and its buckets) with sums of that field.
      if (expression.field !== undefined) {
        checkNumericField(expression.event, expression.field, issue);
      } else if (expression.fn !== 'count') {
        issue('/field', 'missing_field', `${expression.fn} needs a numeric field`);
      }
      if (
        expression.window &&
        'months' in expression.window &&
        (expression.fn === 'min' || expression.fn === 'max')
      ) {
        issue('/fn', 'unsupported_window', `${expression.fn} is kept for day windows only`);
      }
      return;
    }
    case 'latest':
      checkFilter(expression.event, expression.where, issue);
      return checkNumericField(expression.event, expression.field, issue);
    case 'daysSince':
      return checkFilter(expression.event, expression.where, issue);
    case 'profile':
      return;
    case 'ratio':
      checkOperand(expression.numerator, `${path}/numerator`, options, issues);
      return checkOperand(expression.denominator, `${path}/denominator`, options, issues);
    case 'quantile':
      if (options.quantileTables && !options.quantileTables.has(expression.table))
        issue('/table', 'unknown_table', `no quantile table ${JSON.stringify(expression.table)}`);
      return checkOperand(expression.value, `${path}/value`, options, issues);
  }
}

type Report = (at: string, code: string, message: string) => void;

function checkFilter(event: string, where: object | undefined, issue: Report): void {
  const fields = payloadFields(event);
  for (const field of Object.keys(where ?? {})) {
    const kind = fields?.get(field);
    if (kind === undefined || kind === 'other')
      issue(`/where/${field}`, 'unknown_field', `${event} has no filterable field ${field}`);
  }
}

function checkNumericField(event: string, field: string, issue: Report): void {
  if (payloadFields(event)?.get(field) !== 'number')
    issue('/field', 'not_numeric', `${event} has no numeric field ${field}`);
}
