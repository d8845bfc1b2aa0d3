import { PlatformError } from '@cip/contracts';
import { validateRule } from '../rules/validate-rule';
import type { RuleNode } from '../rules/rule.types';

export type SegmentDefinitionStatus = 'draft' | 'active' | 'superseded' | 'retired';

/** One version of a segment definition with its validated rule. */
export interface SegmentDefinition {
  id: string;
  version: number;
  status: SegmentDefinitionStatus;
  name: string;
  description: string;
  owner: string;
  strategy: string;
  rule: RuleNode;
}

/** A definition as stored, before its rule JSON was validated. */
export type StoredSegmentDefinition = Omit<SegmentDefinition, 'rule'> & { rule: unknown };

export class SegmentationError extends PlatformError {}

/**
 * Stored rules are validated again when loaded: the database is not trusted to hold only rules
 * that went through the API. A bad one is reported (not applied) rather than crashing the consumer.
 */
export function toSegmentDefinition(stored: StoredSegmentDefinition): SegmentDefinition {
  const result = validateRule(stored.rule);
  if (!result.ok) {
    throw new SegmentationError(
      'INVALID_STORED_RULE',
      `segment ${stored.id} v${stored.version} has an invalid rule`,
      {
        segmentId: stored.id,
        version: stored.version,
        issues: result.issues,
      },
    );
  }
  return { ...stored, rule: result.rule };
}
