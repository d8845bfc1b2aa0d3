import { DAY_MS } from '../simulation-window';
import { HOUR_MS } from './calendar';
import { contactChannelFor } from './channels';
import type { CustomerContext } from './customer-context';
import { draft, type EventDraft } from './event-draft';
import type { Momentum } from './momentum';

type ComplaintCategory = 'network' | 'billing' | 'service' | 'product' | 'staff' | 'other';

/**
 * A complaint and what follows it: maybe an escalation, usually a resolution after a few days
 * (slower and rarer for customers on their way out), sometimes a CSAT answer afterwards.
 */
export function complaintWithFollowUps(
  ctx: CustomerContext,
  m: Momentum,
  at: number,
  category: ComplaintCategory | undefined,
): EventDraft[] {
  const { random, customer, plan, config } = ctx;
  const p = m.progress;
  const cause = plan?.cause;
  const complaintId = ctx.nextRef('cmp');
  const drafts = [
    draft(at, 'complaint.filed', 'crm', {
      complaintId,
      category:
        category ??
        random.weighted<ComplaintCategory>({
          network: 2 * (1 - customer.serviceQuality) + (cause === 'network-quality' ? 3 * p : 0),
          billing: 0.6 + (cause === 'price' ? 2 * p : 0) + (cause === 'complaints' ? 1.5 * p : 0),
          service: 0.6 + (cause === 'complaints' ? 2 * p : 0),
          product: 0.3,
          staff: 0.15,
          other: 0.15,
        }),
      severity: random.weighted({ low: 0.35, medium: 0.55 - 0.3 * p, high: 0.1 + 0.5 * p }),
      channel: contactChannelFor(customer.channelPreference),
    }),
  ];
  const escalated = random.chance(config.activity.complaintEscalationRate + 0.3 * p);
  if (escalated) {
    drafts.push(
      draft(at + random.uniform(1, 3) * DAY_MS, 'complaint.escalated', 'crm', {
        complaintId,
        level: random.weighted({
          supervisor: 0.6,
          specialist: 0.25,
          management: 0.12,
          regulator: 0.03,
        }),
        reason: 'Customer not satisfied with the first answer',
      }),
    );
  }
  if (random.chance(0.95 - 0.5 * p)) {
    const resolvedAt =
      at +
      (escalated ? 3 * DAY_MS : 0) +
      random.exponential(config.activity.complaintResolutionDays * (1 + 2 * p)) * DAY_MS;
    const resolution = random.weighted({
      fixed: 0.6,
      compensated: 0.2,
      rejected: 0.15,
      withdrawn: 0.05,
    });
    drafts.push(draft(resolvedAt, 'complaint.resolved', 'crm', { complaintId, resolution }));
    if (random.chance(config.activity.csatAfterComplaintRate)) {
      const penalty = resolution === 'rejected' ? 1 : 0;
      const score = Math.round(1 + 4 * m.satisfaction + random.normal(0, 0.7) - penalty);
      drafts.push(
        draft(resolvedAt + random.uniform(2, 30) * HOUR_MS, 'survey.answered', 'survey', {
          score: Math.min(5, Math.max(1, score)),
          scale: 'csat-1-5',
          surveyId: 'csat-complaint',
          channel: contactChannelFor(customer.channelPreference),
        }),
      );
    }
  }
  return drafts;
}
