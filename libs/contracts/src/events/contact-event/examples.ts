import type { z } from 'zod';
import type { ContactEventType, contactPayloadSchemas } from './catalog';

type PayloadExamples = {
  [T in ContactEventType]: z.input<(typeof contactPayloadSchemas)[T]>;
};

/**
 * One valid payload per type: shown in the OpenAPI document and used by tests that must cover
 * every type. Typed against the schemas, so a schema change that breaks an example fails the build.
 */
export const CONTACT_PAYLOAD_EXAMPLES: PayloadExamples = {
  'call.completed': {
    direction: 'inbound',
    durationSeconds: 310,
    outcome: 'resolved',
    reason: 'bill higher than expected',
    agentId: 'agent-17',
    signals: ['price-complaint'],
  },
  'complaint.filed': {
    complaintId: 'cmp-1001',
    category: 'billing',
    severity: 'high',
    channel: 'phone',
  },
  'complaint.escalated': { complaintId: 'cmp-1001', level: 'supervisor', reason: 'second contact' },
  'complaint.resolved': { complaintId: 'cmp-1001', resolution: 'compensated' },
  'purchase.completed': {
    amount: 420,
    currency: 'EUR',
    productId: 'fibre-1g',
    quantity: 1,
    orderId: 'ord-553',
    channel: 'web',
  },
  'transaction.recorded': {
    amount: 1250.5,
    currency: 'EUR',
    transactionId: 'tx-9001',
    kind: 'deposit',
    direction: 'credit',
    productId: 'current-account',
  },
  'payment.recorded': {
    amount: 39.99,
    currency: 'EUR',
    status: 'late',
    invoiceId: 'inv-2025-03',
    dueDate: '2025-03-15',
    daysLate: 12,
  },
  'visit.completed': {
    channel: 'branch',
    locationId: 'branch-lyon-2',
    purpose: 'mortgage advice',
    durationSeconds: 1800,
  },
  'message.sent': {
    messageId: 'msg-77',
    channel: 'email',
    campaignId: 'spring-upsell',
    templateId: 'tpl-3',
  },
  'message.opened': { messageId: 'msg-77', channel: 'email' },
  'message.clicked': { messageId: 'msg-77', channel: 'email', linkId: 'cta-main' },
  'survey.answered': { score: 4, scale: 'csat-1-5', surveyId: 'post-call', channel: 'sms' },
  'service.incident': { kind: 'outage', durationMinutes: 95, incidentId: 'inc-42' },
  'contract.started': {
    contractId: 'ctr-12',
    productId: 'mobile-50gb',
    termMonths: 24,
    endsOn: '2027-03-31',
    channel: 'store',
  },
  'contract.renewal-opened': { contractId: 'ctr-12', endsOn: '2027-03-31' },
  'contract.renewed': { contractId: 'ctr-12', termMonths: 12, endsOn: '2028-03-31' },
  'contract.cancellation-requested': {
    contractId: 'ctr-12',
    reason: 'competitor',
    effectiveOn: '2026-05-01',
  },
  'account.opened': { accountId: 'acc-300', productId: 'savings', channel: 'app' },
  'account.closed': { accountId: 'acc-300', initiatedBy: 'customer', reason: 'customer-request' },
  'credit.assessed': {
    grade: 'B',
    score: 712,
    creditLimit: { amount: 5000, currency: 'EUR' },
    creditTermDays: 30,
    model: '6c-2025',
  },
  'referral.made': { referralId: 'ref-8', channel: 'app' },
  'referral.converted': { referralId: 'ref-8', referredCustomerId: 'cust-9001' },
  'offer.responded': {
    offerId: 'nba-upgrade-plan',
    response: 'accepted',
    channel: 'phone',
    campaignId: 'retention-q2',
  },
};
