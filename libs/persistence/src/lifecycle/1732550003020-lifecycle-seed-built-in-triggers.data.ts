// Data, frozen as it landed: the built-in trigger catalog (issue #5) and the profile segments.
// Rows are editable afterwards; ON CONFLICT DO NOTHING keeps edits (and the earlier
// repeated-complaints row) intact. Segment ids are configuration: change the rows to match
// what segmentation publishes.

export interface SeedTrigger {
  id: string;
  programme: string;
  description: string;
  condition: unknown;
  cooldownSeconds: number;
  severityRule: unknown;
  deadlineHours: number | null;
  suggestedStrategy: string;
}

export const TRIGGERS: readonly SeedTrigger[] = [
  {
    id: 'acquisition-high-value-lookalike',
    programme: 'acquisition',
    description: 'Prospect matches the profile of a high-value segment',
    condition: {
      kind: 'segment-entered',
      segmentId: 'prospect.high-value-lookalike',
    },
    cooldownSeconds: 2592000,
    severityRule: {
      kind: 'fixed',
      severity: 'medium',
    },
    deadlineHours: 72,
    suggestedStrategy:
      'acquire: approach with the closest high-value segment’s offer on the preferred channel',
  },
  {
    id: 'activation-48h-review',
    programme: 'activation',
    description: 'New relationship not reviewed within 48 hours of the account opening',
    condition: {
      kind: 'absence',
      after: {
        types: ['account.opened'],
      },
      missing: {
        types: ['call.completed', 'visit.completed'],
      },
      within: {
        hours: 48,
      },
    },
    cooldownSeconds: 604800,
    severityRule: {
      kind: 'by-value-tier',
      byTier: {
        vip: 'high',
        key: 'high',
        ordinary: 'medium',
        small: 'low',
        unknown: 'medium',
      },
    },
    deadlineHours: 24,
    suggestedStrategy: 'review the new relationship now: welcome call, check needs and channel',
  },
  {
    id: 'activation-no-second-transaction',
    programme: 'activation',
    description: 'Account opened and no transaction within 30 days',
    condition: {
      kind: 'absence',
      after: {
        types: ['account.opened'],
      },
      missing: {
        types: ['transaction.recorded', 'purchase.completed'],
      },
      within: {
        days: 30,
      },
    },
    cooldownSeconds: 2592000,
    severityRule: {
      kind: 'by-value-tier',
      byTier: {
        vip: 'high',
        key: 'high',
        ordinary: 'medium',
        small: 'low',
        unknown: 'medium',
      },
    },
    deadlineHours: 168,
    suggestedStrategy: 'activate: use the segment profile to offer a first product or usage tip',
  },
  {
    id: 'activation-no-second-purchase',
    programme: 'activation',
    description: 'First purchase and no second purchase within 30 days',
    condition: {
      kind: 'absence',
      after: {
        types: ['purchase.completed'],
      },
      missing: {
        types: ['purchase.completed'],
      },
      within: {
        days: 30,
      },
      armOnce: true,
    },
    cooldownSeconds: 2592000,
    severityRule: {
      kind: 'by-value-tier',
      byTier: {
        vip: 'high',
        key: 'high',
        ordinary: 'medium',
        small: 'low',
        unknown: 'medium',
      },
    },
    deadlineHours: 168,
    suggestedStrategy: 'incremental sale: follow up the first purchase with a complementary offer',
  },
  {
    id: 'activation-add-on-potential',
    programme: 'activation',
    description: 'Low-contribution customer with add-on product potential',
    condition: {
      kind: 'segment-entered',
      segmentId: 'activation.low-contribution-add-on',
    },
    cooldownSeconds: 7776000,
    severityRule: {
      kind: 'fixed',
      severity: 'low',
    },
    deadlineHours: 336,
    suggestedStrategy: 'incremental-sales plan towards the next value segment',
  },
  {
    id: 'service-revisit-after-sale',
    programme: 'service',
    description: 'Sale not followed by a revisit (call or visit) within 48 hours',
    condition: {
      kind: 'absence',
      after: {
        types: ['purchase.completed'],
      },
      missing: {
        types: ['call.completed', 'visit.completed'],
      },
      within: {
        hours: 48,
      },
    },
    cooldownSeconds: 604800,
    severityRule: {
      kind: 'by-value-tier',
      byTier: {
        vip: 'high',
        key: 'high',
        ordinary: 'medium',
        small: 'low',
        unknown: 'medium',
      },
    },
    deadlineHours: 24,
    suggestedStrategy: 'revisit now: thank, check the delivery, ask for a referral',
  },
  {
    id: 'service-claim-not-handled',
    programme: 'service',
    description: 'Escalated complaint not handled within 24 hours',
    condition: {
      kind: 'absence',
      after: {
        types: ['complaint.escalated'],
      },
      missing: {
        types: ['complaint.resolved'],
      },
      within: {
        hours: 24,
      },
      correlateOn: 'complaintId',
    },
    cooldownSeconds: 86400,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'high',
    },
    deadlineHours: 8,
    suggestedStrategy: 'handle the claim today: call back with a resolution date',
  },
  {
    id: 'value-churn',
    programme: 'anti-attrition',
    description: 'Spend fell against the customer’s own baseline (value churn)',
    condition: {
      kind: 'segment-entered',
      segmentId: 'spend-trend.falling',
    },
    cooldownSeconds: 2592000,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'high',
    },
    deadlineHours: 72,
    suggestedStrategy:
      'retain value: personalised offer, bundle or loyalty points that grow with use',
  },
  {
    id: 'inactivity',
    programme: 'anti-attrition',
    description: 'No purchase or transaction for 60 days',
    condition: {
      kind: 'absence',
      after: {
        types: ['purchase.completed', 'transaction.recorded'],
      },
      missing: {
        types: ['purchase.completed', 'transaction.recorded'],
      },
      within: {
        days: 60,
      },
    },
    cooldownSeconds: 2592000,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'medium',
    },
    deadlineHours: 168,
    suggestedStrategy: 'reactivate: reminder on the preferred channel with a usage incentive',
  },
  {
    id: 'cancellation-request',
    programme: 'anti-attrition',
    description: 'Customer asked to cancel a contract (incl. switching to a competitor)',
    condition: {
      kind: 'event',
      event: {
        types: ['contract.cancellation-requested'],
      },
    },
    cooldownSeconds: 604800,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'critical',
    },
    deadlineHours: 24,
    suggestedStrategy:
      'retention call today: understand the reason, counter-offer, raise switching cost',
  },
  {
    id: 'contract-renewal-due',
    programme: 'anti-attrition',
    description: 'Contract entered its renewal window',
    condition: {
      kind: 'event',
      event: {
        types: ['contract.renewal-opened'],
      },
    },
    cooldownSeconds: 2592000,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'medium',
    },
    deadlineHours: 336,
    suggestedStrategy: 'renew early: loyalty terms, bundle or longer agreement',
  },
  {
    id: 'unresolved-complaint',
    programme: 'anti-attrition',
    description: 'Complaint filed and not resolved within 48 hours',
    condition: {
      kind: 'absence',
      after: {
        types: ['complaint.filed'],
      },
      missing: {
        types: ['complaint.resolved'],
      },
      within: {
        hours: 48,
      },
      correlateOn: 'complaintId',
    },
    cooldownSeconds: 604800,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'high',
    },
    deadlineHours: 24,
    suggestedStrategy: 'serve before selling: resolve the complaint, apologise, follow up',
  },
  {
    id: 'repeated-service-incidents',
    programme: 'anti-attrition',
    description: 'Two or more service incidents (outage, billing error...) within 30 days',
    condition: {
      kind: 'event-count',
      event: {
        types: ['service.incident'],
      },
      atLeast: 2,
      within: {
        days: 30,
      },
    },
    cooldownSeconds: 1209600,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'high',
    },
    deadlineHours: 72,
    suggestedStrategy: 'apologise proactively, compensate, confirm the fix',
  },
  {
    id: 'falling-satisfaction',
    programme: 'anti-attrition',
    description: 'Customer answered a survey as a detractor (NPS 0-6)',
    condition: {
      kind: 'event',
      event: {
        types: ['survey.answered'],
        where: [
          {
            field: 'scale',
            op: 'eq',
            value: 'nps-0-10',
          },
          {
            field: 'score',
            op: 'lte',
            value: 6,
          },
        ],
      },
    },
    cooldownSeconds: 2592000,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'medium',
    },
    deadlineHours: 72,
    suggestedStrategy: 'call back: find the cause of dissatisfaction, fix it, close the loop',
  },
  {
    id: 'competitor-mention',
    programme: 'anti-attrition',
    description: 'Customer mentioned a competitor in a call',
    condition: {
      kind: 'event',
      event: {
        types: ['call.completed'],
        where: [
          {
            field: 'signals',
            op: 'contains',
            value: 'competitor-mentioned',
          },
        ],
      },
    },
    cooldownSeconds: 1209600,
    severityRule: {
      kind: 'value-satisfaction-quadrant',
      whenUnknown: 'high',
    },
    deadlineHours: 48,
    suggestedStrategy: 'match the competitor’s offer where the value justifies it; stress service',
  },
];

export const PROFILE_SEGMENTS: ReadonlyArray<{
  segmentId: string;
  dimension: string;
  value: string;
}> = [
  {
    segmentId: 'value-tier.vip',
    dimension: 'value-tier',
    value: 'vip',
  },
  {
    segmentId: 'value-tier.key',
    dimension: 'value-tier',
    value: 'key',
  },
  {
    segmentId: 'value-tier.ordinary',
    dimension: 'value-tier',
    value: 'ordinary',
  },
  {
    segmentId: 'value-tier.small',
    dimension: 'value-tier',
    value: 'small',
  },
  {
    segmentId: 'quadrant.high-value-high-satisfaction',
    dimension: 'satisfaction',
    value: 'high',
  },
  {
    segmentId: 'quadrant.high-value-low-satisfaction',
    dimension: 'satisfaction',
    value: 'low',
  },
  {
    segmentId: 'quadrant.low-value-high-satisfaction',
    dimension: 'satisfaction',
    value: 'high',
  },
  {
    segmentId: 'quadrant.low-value-low-satisfaction',
    dimension: 'satisfaction',
    value: 'low',
  },
];
