import { round2 } from '../population/draw-customer';
import { DAY_MS, MONTH_MS } from '../simulation-window';
import { HOUR_MS, WEEK_MS } from './calendar';
import { contactChannelFor, messageChannelFor, visitChannelFor } from './channels';
import { callAbout } from './call-reasons';
import { complaintWithFollowUps } from './complaint-case';
import type { CustomerContext } from './customer-context';
import { draft, type EventDraft } from './event-draft';
import { isoTimestamp } from './iso-timestamp';
import { momentumAt, type Momentum } from './momentum';

const WEEKS_PER_MONTH = MONTH_MS / WEEK_MS;
const PRODUCTS = [
  'addon-data',
  'addon-roaming',
  'device-phone',
  'device-accessory',
  'insurance',
  'content-pass',
];
const OFFERS = [
  'offer-data-boost',
  'offer-loyalty-discount',
  'offer-device-upgrade',
  'offer-bundle',
];

/**
 * The chance-driven interactions of one week [from, until): purchases, visits, calls,
 * complaints, incidents, campaign messages, offers, surveys and referrals, each a Poisson count
 * whose rate follows the customer's traits and their churn momentum that week.
 */
export function weeklyActivity(
  ctx: CustomerContext,
  from: number,
  until: number,
  out: EventDraft[],
): void {
  const { random, customer, config } = ctx;
  const { activity } = config;
  const m = momentumAt(customer, ctx.plan, (from + until) / 2);
  const weeks = (until - from) / WEEK_MS;
  const perWeek = (perMonth: number) => (perMonth / WEEKS_PER_MONTH) * weeks;
  // A moment in the week during waking hours, so events look like people did them.
  const when = () => {
    const day = from + Math.floor(random.next() * 7) * DAY_MS;
    return day + (7 + random.next() * 15) * HOUR_MS;
  };
  const times = (count: number) => {
    const list: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = when();
      if (at < until) list.push(at);
    }
    return list;
  };
  const dissatisfaction = 1 - m.satisfaction;

  for (const at of times(random.poisson(perWeek(customer.purchasesPerMonth * m.purchases)))) {
    const tier = config.valueTiers[customer.valueTier];
    out.push(
      draft(at, 'purchase.completed', 'shop', {
        amount: round2(
          random.logNormal(tier.purchaseAmount.median, tier.purchaseAmount.sigma) * m.spend,
        ),
        currency: config.currency,
        productId: random.pick(PRODUCTS),
        quantity: 1,
        orderId: ctx.nextRef('ord'),
        channel: visitChannelFor(customer.channelPreference),
      }),
    );
  }

  const visitRate = activity.visitsPerMonth * m.activity * (0.4 + 1.2 * customer.engagement);
  for (const at of times(random.poisson(perWeek(visitRate)))) {
    out.push(
      draft(at, 'visit.completed', 'web', {
        channel: visitChannelFor(customer.channelPreference),
        purpose: random.pick(['account overview', 'pay bill', 'browse offers', 'support']),
        durationSeconds: Math.round(random.logNormal(180, 0.8)),
      }),
    );
  }

  const callRate = activity.inboundCallsPerMonth * m.calls * (0.5 + dissatisfaction);
  for (const at of times(random.poisson(perWeek(callRate)))) out.push(callAbout(ctx, m, at));

  const complaintRate =
    activity.complaintsPerMonth *
    (1 + 3 * (1 - customer.serviceQuality)) *
    (0.5 + 1.5 * dissatisfaction) *
    m.complaints;
  for (const at of times(random.poisson(perWeek(complaintRate)))) {
    out.push(...complaintWithFollowUps(ctx, m, at, undefined));
  }

  const incidentRate =
    activity.incidentsPerMonth * (0.5 + 3 * (1 - customer.serviceQuality)) * m.incidents;
  for (const at of times(random.poisson(perWeek(incidentRate)))) out.push(...incident(ctx, m, at));

  for (const at of times(random.poisson(perWeek(activity.campaignMessagesPerMonth)))) {
    out.push(...campaignMessage(ctx, m, at));
  }

  for (const at of times(random.poisson(perWeek(activity.offersPerMonth)))) {
    const accept = Math.max(
      0,
      (0.12 + 0.15 * m.satisfaction - 0.1 * customer.priceSensitivity) * m.activity,
    );
    const decline = 0.3 + 0.4 * m.progress;
    const draw = random.next();
    out.push(
      draft(at, 'offer.responded', 'marketing', {
        offerId: random.pick(OFFERS),
        response: draw < accept ? 'accepted' : draw < accept + decline ? 'declined' : 'ignored',
        channel: contactChannelFor(customer.channelPreference),
      }),
    );
  }

  const surveyRate = activity.npsSurveyResponsesPerMonth * (0.5 + customer.engagement) * m.activity;
  for (const at of times(random.poisson(perWeek(surveyRate)))) {
    out.push(
      draft(at, 'survey.answered', 'survey', {
        score: Math.round(Math.min(10, Math.max(0, random.normal(10 * m.satisfaction, 1.3)))),
        scale: 'nps-0-10',
        surveyId: 'nps-relationship',
        channel: contactChannelFor(customer.channelPreference),
      }),
    );
  }

  if (m.satisfaction > 0.8) {
    for (const at of times(
      random.poisson(perWeek(activity.referralsPerMonthForPromoters * m.activity)),
    )) {
      const referralId = ctx.nextRef('ref');
      out.push(
        draft(at, 'referral.made', 'crm', {
          referralId,
          channel: contactChannelFor(customer.channelPreference),
        }),
      );
      // About a third of referred friends sign up within a month.
      if (random.chance(0.35)) {
        out.push(
          draft(at + random.uniform(3, 30) * DAY_MS, 'referral.converted', 'crm', {
            referralId,
            referredCustomerId: `${customer.customerId}-${referralId}`,
          }),
        );
      }
    }
  }
}

/** An outage or billing error; some customers complain about it the next day. */
function incident(ctx: CustomerContext, m: Momentum, at: number): EventDraft[] {
  const { random, customer, plan } = ctx;
  const networkBias = plan?.cause === 'network-quality' ? 3 * m.progress : 0;
  const billingBias = plan?.cause === 'complaints' ? 2 * m.progress : 0;
  const kind = random.weighted({
    outage: 1 + 2 * (1 - customer.serviceQuality) + networkBias,
    'billing-error': 0.4 + billingBias,
    'delivery-failure': 0.15,
    other: 0.1,
  });
  const drafts = [
    draft(at, 'service.incident', 'network-ops', {
      kind,
      durationMinutes: kind === 'outage' ? Math.round(random.logNormal(90, 1)) : undefined,
      incidentId: ctx.nextRef('inc'),
    }),
  ];
  if (random.chance(0.1 + 0.3 * (1 - m.satisfaction))) {
    const category =
      kind === 'outage' ? 'network' : kind === 'billing-error' ? 'billing' : 'service';
    drafts.push(...complaintWithFollowUps(ctx, m, at + random.uniform(2, 30) * HOUR_MS, category));
  }
  return drafts;
}

/** A campaign message on the customer's channel, maybe opened, maybe clicked. */
function campaignMessage(ctx: CustomerContext, m: Momentum, at: number): EventDraft[] {
  const { random, customer, config } = ctx;
  const month = isoTimestamp(at).slice(0, 7);
  const common = {
    messageId: ctx.nextRef('msg'),
    channel: messageChannelFor(customer.channelPreference),
    campaignId: `cmp-${month}-${random.int(1, 3)}`,
  };
  const drafts = [draft(at, 'message.sent', 'marketing', { ...common, templateId: 'newsletter' })];
  const openChance =
    config.activity.messageOpenRate * (0.4 + 1.2 * customer.engagement) * m.activity;
  if (random.chance(openChance)) {
    const openedAt = at + random.exponential(6 * HOUR_MS);
    drafts.push(draft(openedAt, 'message.opened', 'marketing', common));
    if (random.chance(config.activity.messageClickRate)) {
      drafts.push(
        draft(openedAt + random.exponential(120_000), 'message.clicked', 'marketing', {
          ...common,
          linkId: 'cta-main',
        }),
      );
    }
  }
  return drafts;
}
