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

/**
 * Property-test streams with redeliveries: a draw with `again` repeats an earlier item of the
 * stream (the same object, as a redelivered copy), the others are made fresh.
 */
export function withRedeliveries<D extends { again: number | null }, T>(
  draws: readonly D[],
  make: (draw: D) => T,
): T[] {
  const items: T[] = [];
  for (const d of draws) {
    const earlier =
      d.again !== null && items.length > 0 ? items[d.again % items.length] : undefined;
    items.push(earlier ?? make(d));
  }
  return items;
}
