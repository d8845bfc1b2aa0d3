import { SEGMENT_MEMBERSHIP_CHANGED, type SegmentMembershipChangedV1 } from '@cip/contracts';
import type { StoredTriggerDefinition } from './definitions/trigger-definition';

// Test fixtures shared by this lib's specs (not exported from index.ts).

export function repeatedComplaintsStored(
  overrides: Partial<StoredTriggerDefinition> = {},
): StoredTriggerDefinition {
  return {
    id: 'repeated-complaints',
    programme: 'anti-attrition',
    description: 'Customer entered the repeated-complainers segment: high attrition risk',
    condition: { kind: 'segment-entered', segmentId: 'repeated-complainers' },
    cooldownSeconds: 7 * 86_400,
    severityRule: {
      kind: 'by-value-tier',
      byTier: {
        vip: 'critical',
        key: 'critical',
        ordinary: 'high',
        small: 'medium',
        unknown: 'high',
      },
    },
    deadlineHours: 48,
    suggestedStrategy: 'call within 48 hours: serve before selling, resolve open complaints',
    enabled: true,
    ...overrides,
  };
}

export function membershipChanged(
  overrides: {
    eventId?: string;
    customerId?: string;
    segmentId?: string;
    change?: 'entered' | 'exited';
    occurredAt?: string;
  } = {},
): SegmentMembershipChangedV1 {
  return {
    eventId: overrides.eventId ?? 'mship-1',
    type: SEGMENT_MEMBERSHIP_CHANGED,
    version: 1,
    occurredAt: overrides.occurredAt ?? '2025-03-01T10:00:00.000Z',
    customerId: overrides.customerId ?? 'cust-1',
    source: 'segmentation',
    correlationId: 'corr-1',
    causationId: 'contact-2',
    payload: {
      segmentId: overrides.segmentId ?? 'repeated-complainers',
      definitionVersion: 1,
      change: overrides.change ?? 'entered',
      triggeringEventId: 'contact-2',
      reason: { summary: '2 complaints in 30 days', values: { complaintCount30d: 2 } },
      strategy: 'call within 48 hours',
    },
  };
}
