import type { CustomerContext } from './customer-context';
import { draft, type EventDraft } from './event-draft';
import type { Momentum } from './momentum';

type CallSignal =
  'competitor-mentioned' | 'cancellation-intent' | 'price-complaint' | 'upsell-interest';

const EVERYDAY_REASONS = [
  'Billing question',
  'Technical support',
  'Plan change',
  'Device support',
  'Address change',
  'Payment arrangement',
];

const CAUSE_REASONS = {
  'network-quality': 'Dropped calls and poor coverage at home',
  complaints: 'Chasing a complaint that is still open',
  price: 'Says the monthly bill is too high',
  competitor: 'Asked us to match a competitor offer',
} as const;

/**
 * An inbound call. Leavers increasingly call about their reason to leave (the agent notes a
 * competitor or price signal) and, near the end, about how to cancel; everyone else calls about
 * everyday matters and now and then mentions a competitor too, so the signal is not a giveaway.
 */
export function callAbout(ctx: CustomerContext, m: Momentum, at: number): EventDraft {
  const { random, customer, plan, config } = ctx;
  const signals = new Set<CallSignal>();
  let reason = random.pick(EVERYDAY_REASONS);

  if (plan && random.chance(0.3 + 0.6 * m.progress) && m.progress > 0) {
    reason = CAUSE_REASONS[plan.cause];
    if (plan.cause === 'competitor' || (plan.cause === 'price' && random.chance(0.4))) {
      signals.add('competitor-mentioned');
    }
    if (plan.cause === 'price') signals.add('price-complaint');
  }
  if (plan?.kind === 'quantity' && random.chance(Math.max(0, m.progress - 0.5) * 1.5)) {
    reason = 'Wants to know how to cancel';
    signals.add('cancellation-intent');
  }
  if (random.chance(config.activity.competitorMentionRate * (0.5 + customer.priceSensitivity))) {
    signals.add('competitor-mentioned');
  }
  if (random.chance(0.05 * customer.priceSensitivity)) signals.add('price-complaint');
  const upsell = m.progress === 0 && random.chance(0.06 * m.satisfaction);
  if (upsell) signals.add('upsell-interest');

  const unresolved = random.chance(0.1 + 0.4 * m.progress);
  return draft(at, 'call.completed', 'call-center', {
    direction: 'inbound',
    durationSeconds: Math.min(7_200, Math.round(random.logNormal(240, 0.7))),
    outcome: upsell && random.chance(0.4) ? 'sale' : unresolved ? 'unresolved' : 'resolved',
    reason,
    agentId: `agent-${random.int(1, 250)}`,
    ...(signals.size > 0 ? { signals: [...signals] } : {}),
  });
}
