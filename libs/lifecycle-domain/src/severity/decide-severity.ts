import type { Severity } from '@cip/contracts';
import { QUADRANT_SEVERITY, valueBandOf } from './quadrant-severity.table';
import type { SeverityRule } from './severity-rule';
import type { CustomerProfile } from './value-profile';

/** Table-driven severity of a firing for a customer profile. */
export function decideSeverity(rule: SeverityRule, profile: CustomerProfile): Severity {
  switch (rule.kind) {
    case 'fixed':
      return rule.severity;
    case 'by-value-tier':
      return rule.byTier[profile.valueTier];
    case 'value-satisfaction-quadrant': {
      const band = valueBandOf(profile.valueTier);
      if (band === undefined || profile.satisfaction === 'unknown') return rule.whenUnknown;
      return QUADRANT_SEVERITY[band][profile.satisfaction];
    }
  }
}

const RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1 };

/** Higher is more urgent. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}
