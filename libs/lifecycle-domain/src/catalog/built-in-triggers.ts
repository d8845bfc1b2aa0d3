import type { StoredTriggerDefinition } from '../definitions/trigger-definition';

// The built-in trigger catalog (issue #5 item 2, domain.md §2, §4, §5). Seeded as editable rows of
// lifecycle.trigger_definition by a migration that copies this list; the rows are the truth at
// runtime, this list is what the specs check each trigger against. Segment ids are data: point
// them at whatever segmentation publishes.

const DAY_S = 86_400;

/** domain.md §3.3: high value + low satisfaction first, low value + low satisfaction last. */
const quadrant = (whenUnknown: 'critical' | 'high' | 'medium' | 'low') => ({
  kind: 'value-satisfaction-quadrant',
  whenUnknown,
});

/** Core customers (VIP, key) first, as domain.md §3.1 manages them. */
const byTier = {
  kind: 'by-value-tier',
  byTier: { vip: 'high', key: 'high', ordinary: 'medium', small: 'low', unknown: 'medium' },
};

const contactTypes = ['call.completed', 'visit.completed'];

const row = (definition: Omit<StoredTriggerDefinition, 'enabled'>): StoredTriggerDefinition => ({
  ...definition,
  enabled: true,
});

export const BUILT_IN_TRIGGERS: readonly StoredTriggerDefinition[] = [
  // Acquisition: profile-match a prospect to a high-value segment (segmentation computes the match).
  row({
    id: 'acquisition-high-value-lookalike',
    programme: 'acquisition',
    description: 'Prospect matches the profile of a high-value segment',
    condition: { kind: 'segment-entered', segmentId: 'prospect.high-value-lookalike' },
    cooldownSeconds: 30 * DAY_S,
    severityRule: { kind: 'fixed', severity: 'medium' },
    deadlineHours: 72,
    suggestedStrategy:
      'acquire: approach with the closest high-value segment’s offer on the preferred channel',
  }),

  // Activation (the first 0-3-6 months).
  row({
    id: 'activation-48h-review',
    programme: 'activation',
    description: 'New relationship not reviewed within 48 hours of the account opening',
    condition: {
      kind: 'absence',
      after: { types: ['account.opened'] },
      missing: { types: contactTypes },
      within: { hours: 48 },
    },
    cooldownSeconds: 7 * DAY_S,
    severityRule: byTier,
    deadlineHours: 24,
    suggestedStrategy: 'review the new relationship now: welcome call, check needs and channel',
  }),
  row({
    id: 'activation-no-second-transaction',
    programme: 'activation',
    description: 'Account opened and no transaction within 30 days',
    condition: {
      kind: 'absence',
      after: { types: ['account.opened'] },
      missing: { types: ['transaction.recorded', 'purchase.completed'] },
      within: { days: 30 },
    },
    cooldownSeconds: 30 * DAY_S,
    severityRule: byTier,
    deadlineHours: 7 * 24,
    suggestedStrategy: 'activate: use the segment profile to offer a first product or usage tip',
  }),
  row({
    id: 'activation-no-second-purchase',
    programme: 'activation',
    description: 'First purchase and no second purchase within 30 days',
    condition: {
      kind: 'absence',
      after: { types: ['purchase.completed'] },
      missing: { types: ['purchase.completed'] },
      within: { days: 30 },
      armOnce: true,
    },
    cooldownSeconds: 30 * DAY_S,
    severityRule: byTier,
    deadlineHours: 7 * 24,
    suggestedStrategy: 'incremental sale: follow up the first purchase with a complementary offer',
  }),
  row({
    id: 'activation-add-on-potential',
    programme: 'activation',
    description: 'Low-contribution customer with add-on product potential',
    condition: { kind: 'segment-entered', segmentId: 'activation.low-contribution-add-on' },
    cooldownSeconds: 90 * DAY_S,
    severityRule: { kind: 'fixed', severity: 'low' },
    deadlineHours: 14 * 24,
    suggestedStrategy: 'incremental-sales plan towards the next value segment',
  }),

  // Service discipline, the "five 100%" (domain.md §5).
  row({
    id: 'service-revisit-after-sale',
    programme: 'service',
    description: 'Sale not followed by a revisit (call or visit) within 48 hours',
    condition: {
      kind: 'absence',
      after: { types: ['purchase.completed'] },
      missing: { types: contactTypes },
      within: { hours: 48 },
    },
    cooldownSeconds: 7 * DAY_S,
    severityRule: byTier,
    deadlineHours: 24,
    suggestedStrategy: 'revisit now: thank, check the delivery, ask for a referral',
  }),
  row({
    id: 'service-claim-not-handled',
    programme: 'service',
    description: 'Escalated complaint not handled within 24 hours',
    condition: {
      kind: 'absence',
      after: { types: ['complaint.escalated'] },
      missing: { types: ['complaint.resolved'] },
      within: { hours: 24 },
      correlateOn: 'complaintId',
    },
    cooldownSeconds: DAY_S,
    severityRule: quadrant('high'),
    deadlineHours: 8,
    suggestedStrategy: 'handle the claim today: call back with a resolution date',
  }),
  row({
    // Fired by a recorded agent departure for every customer of that agent, never suppressed by
    // a cooldown (100 %); always tracked as an alert (agent-departures/plan-departure-firings.ts).
    id: 'service-agent-left',
    programme: 'service',
    description: 'The customer’s assigned agent left: contact the customer',
    condition: { kind: 'agent-departed' },
    cooldownSeconds: 0,
    severityRule: quadrant('high'),
    deadlineHours: 7 * 24,
    suggestedStrategy:
      'call now: introduce the successor, confirm needs and channel, reassure on continuity',
  }),

  // Anti-attrition (domain.md §4): value churn, quantity-churn signals, service experience.
  row({
    id: 'value-churn',
    programme: 'anti-attrition',
    description: 'Spend fell against the customer’s own baseline (value churn)',
    condition: { kind: 'segment-entered', segmentId: 'spend-trend.falling' },
    cooldownSeconds: 30 * DAY_S,
    severityRule: quadrant('high'),
    deadlineHours: 72,
    suggestedStrategy:
      'retain value: personalised offer, bundle or loyalty points that grow with use',
  }),
  row({
    id: 'inactivity',
    programme: 'anti-attrition',
    description: 'No purchase or transaction for 60 days',
    condition: {
      kind: 'absence',
      after: { types: ['purchase.completed', 'transaction.recorded'] },
      missing: { types: ['purchase.completed', 'transaction.recorded'] },
      within: { days: 60 },
    },
    cooldownSeconds: 30 * DAY_S,
    severityRule: quadrant('medium'),
    deadlineHours: 7 * 24,
    suggestedStrategy: 'reactivate: reminder on the preferred channel with a usage incentive',
  }),
  row({
    id: 'cancellation-request',
    programme: 'anti-attrition',
    description: 'Customer asked to cancel a contract (incl. switching to a competitor)',
    condition: { kind: 'event', event: { types: ['contract.cancellation-requested'] } },
    cooldownSeconds: 7 * DAY_S,
    severityRule: quadrant('critical'),
    deadlineHours: 24,
    suggestedStrategy:
      'retention call today: understand the reason, counter-offer, raise switching cost',
  }),
  row({
    id: 'contract-renewal-due',
    programme: 'anti-attrition',
    description: 'Contract entered its renewal window',
    condition: { kind: 'event', event: { types: ['contract.renewal-opened'] } },
    cooldownSeconds: 30 * DAY_S,
    severityRule: quadrant('medium'),
    deadlineHours: 14 * 24,
    suggestedStrategy: 'renew early: loyalty terms, bundle or longer agreement',
  }),
  row({
    id: 'repeated-complaints',
    programme: 'anti-attrition',
    description: 'Customer entered the repeated-complainers segment: high attrition risk',
    condition: { kind: 'segment-entered', segmentId: 'repeated-complainers' },
    cooldownSeconds: 7 * DAY_S,
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
  }),
  row({
    id: 'unresolved-complaint',
    programme: 'anti-attrition',
    description: 'Complaint filed and not resolved within 48 hours',
    condition: {
      kind: 'absence',
      after: { types: ['complaint.filed'] },
      missing: { types: ['complaint.resolved'] },
      within: { hours: 48 },
      correlateOn: 'complaintId',
    },
    cooldownSeconds: 7 * DAY_S,
    severityRule: quadrant('high'),
    deadlineHours: 24,
    suggestedStrategy: 'serve before selling: resolve the complaint, apologise, follow up',
  }),
  row({
    id: 'repeated-service-incidents',
    programme: 'anti-attrition',
    description: 'Two or more service incidents (outage, billing error...) within 30 days',
    condition: {
      kind: 'event-count',
      event: { types: ['service.incident'] },
      atLeast: 2,
      within: { days: 30 },
    },
    cooldownSeconds: 14 * DAY_S,
    severityRule: quadrant('high'),
    deadlineHours: 72,
    suggestedStrategy: 'apologise proactively, compensate, confirm the fix',
  }),
  row({
    id: 'falling-satisfaction',
    programme: 'anti-attrition',
    description: 'Customer answered a survey as a detractor (NPS 0-6)',
    condition: {
      kind: 'event',
      event: {
        types: ['survey.answered'],
        where: [
          { field: 'scale', op: 'eq', value: 'nps-0-10' },
          { field: 'score', op: 'lte', value: 6 },
        ],
      },
    },
    cooldownSeconds: 30 * DAY_S,
    severityRule: quadrant('medium'),
    deadlineHours: 72,
    suggestedStrategy: 'call back: find the cause of dissatisfaction, fix it, close the loop',
  }),
  row({
    id: 'competitor-mention',
    programme: 'anti-attrition',
    description: 'Customer mentioned a competitor in a call',
    condition: {
      kind: 'event',
      event: {
        types: ['call.completed'],
        where: [{ field: 'signals', op: 'contains', value: 'competitor-mentioned' }],
      },
    },
    cooldownSeconds: 14 * DAY_S,
    severityRule: quadrant('high'),
    deadlineHours: 48,
    suggestedStrategy: 'match the competitor’s offer where the value justifies it; stress service',
  }),
];
