import type { ContactEvent } from '@cip/contracts';
import type { ChurnFeatures } from './churn-features';

export const DAY_MS = 86_400_000;

/** Recency is capped: beyond a year, "how long" no longer tells customers apart. */
const MAX_RECENCY_DAYS = 365;
/** Relative trends are clipped so one tiny baseline does not dominate the standardised scale. */
const TREND_MIN = -1;
const TREND_MAX = 2;
/** Survey scores are read on a 0-1 scale; with no answer yet we assume a neutral-positive 0.7. */
const NO_SURVEY_SCORE = 0.7;
const SURVEY_RANGES = {
  'nps-0-10': { min: 0, max: 10 },
  'csat-1-5': { min: 1, max: 5 },
  'ces-1-7': { min: 1, max: 7 },
} as const;

/** Events the customer chose to do: absence of these is inactivity. */
const ACTIVITY_TYPES = new Set<ContactEvent['type']>([
  'visit.completed',
  'purchase.completed',
  'message.opened',
  'message.clicked',
  'survey.answered',
  'offer.responded',
  'complaint.filed',
  'referral.made',
]);

const COMPETITOR_WORDS = /competitor|switch(ing)? to/i;
const CANCELLATION_WORDS = /cancel|leave|terminate/i;

/**
 * A customer's churn features as of `snapshot` (epoch ms) from their event history. Only
 * events at or before the snapshot count, so the same function serves training on history and
 * scoring live. Events may come in any order.
 */
export function extractChurnFeatures(
  events: readonly ContactEvent[],
  snapshot: number,
): ChurnFeatures {
  const seen = events
    .map((event) => ({ event, at: Date.parse(event.occurredAt) }))
    .filter(({ at }) => at <= snapshot)
    .sort((a, b) => a.at - b.at);
  const since = (days: number) => snapshot - days * DAY_MS;
  const inLast = (at: number, days: number) => at > since(days);

  const firstSeen = seen[0]?.at ?? snapshot;
  const tenureDays = (snapshot - firstSeen) / DAY_MS;
  let lastActivity = -Infinity;
  let lastPurchase = -Infinity;
  let spend30 = 0;
  let spend90 = 0;
  let spend30To120 = 0;
  let spend90To180 = 0;
  let activity30 = 0;
  let activity30To120 = 0;
  const counts = {
    complaints: 0,
    complaintsYear: 0,
    escalations: 0,
    incidents: 0,
    incidentsYear: 0,
    latePayments: 0,
    competitor: 0,
    cancellationCalls: 0,
    priceCalls: 0,
    offersDeclined: 0,
  };
  const openComplaints = new Set<string>();
  const surveyScores: number[] = [];
  let cancellationRequested = 0;
  const renewalDueOn = new Map<string, number>();

  for (const { event, at } of seen) {
    const recent = inLast(at, 90);
    if (isActivity(event)) {
      lastActivity = at;
      if (inLast(at, 30)) activity30 += 1;
      else if (inLast(at, 120)) activity30To120 += 1;
    }
    const amount = spendOf(event);
    if (amount > 0) {
      if (inLast(at, 30)) spend30 += amount;
      else if (inLast(at, 120)) spend30To120 += amount;
      if (recent) spend90 += amount;
      else if (inLast(at, 180)) spend90To180 += amount;
    }
    switch (event.type) {
      case 'purchase.completed':
        lastPurchase = at;
        break;
      case 'complaint.filed':
        openComplaints.add(event.payload.complaintId);
        if (recent) counts.complaints += 1;
        if (inLast(at, 365)) counts.complaintsYear += 1;
        break;
      case 'complaint.escalated':
        if (recent) counts.escalations += 1;
        break;
      case 'complaint.resolved':
        openComplaints.delete(event.payload.complaintId);
        break;
      case 'service.incident':
        if (recent) counts.incidents += 1;
        if (inLast(at, 365)) counts.incidentsYear += 1;
        break;
      case 'payment.recorded':
        if (recent && event.payload.status !== 'on-time') counts.latePayments += 1;
        break;
      case 'survey.answered':
        surveyScores.push(normalisedScore(event.payload.score, event.payload.scale));
        break;
      case 'call.completed':
        if (recent) countCall(event.payload, counts);
        break;
      case 'offer.responded':
        if (recent && event.payload.response === 'declined') counts.offersDeclined += 1;
        break;
      case 'contract.cancellation-requested':
        if (inLast(at, 180)) cancellationRequested = 1;
        break;
      case 'contract.renewal-opened':
        renewalDueOn.set(event.payload.contractId, Date.parse(event.payload.endsOn));
        break;
      case 'contract.renewed':
        renewalDueOn.delete(event.payload.contractId);
        break;
      // Activity and spend above already cover these; they carry no churn signal of their own.
      case 'account.opened':
      case 'account.closed':
      case 'contract.started':
      case 'credit.assessed':
      case 'message.sent':
      case 'message.opened':
      case 'message.clicked':
      case 'referral.made':
      case 'referral.converted':
      case 'transaction.recorded':
      case 'visit.completed':
        break;
    }
  }

  const latestSurvey = surveyScores.at(-1);
  const earlierSurveys = surveyScores.slice(0, -1);
  return {
    daysSinceLastActivity: recencyDays(lastActivity, snapshot, tenureDays),
    daysSinceLastPurchase: recencyDays(lastPurchase, snapshot, tenureDays),
    logSpendLast30Days: Math.log1p(spend30),
    logSpendLast90Days: Math.log1p(spend90),
    spendTrend30: relativeChange(spend30, spend30To120 / 3),
    spendTrend90: relativeChange(spend90, spend90To180),
    activityTrend30: relativeChange(activity30, activity30To120 / 3),
    complaintsLast90Days: counts.complaints,
    complaintsLastYear: counts.complaintsYear,
    escalationsLast90Days: counts.escalations,
    openComplaints: openComplaints.size,
    serviceIncidentsLast90Days: counts.incidents,
    serviceIncidentsLastYear: counts.incidentsYear,
    latePaymentsLast90Days: counts.latePayments,
    latestSurveyScore: latestSurvey ?? NO_SURVEY_SCORE,
    surveyScoreTrend:
      latestSurvey === undefined || earlierSurveys.length === 0
        ? 0
        : latestSurvey - mean(earlierSurveys),
    competitorMentionsLast90Days: counts.competitor,
    cancellationCallsLast90Days: counts.cancellationCalls,
    priceComplaintCallsLast90Days: counts.priceCalls,
    offersDeclinedLast90Days: counts.offersDeclined,
    cancellationRequested,
    renewalDue: [...renewalDueOn.values()].some(
      (endsOn) => endsOn >= snapshot - DAY_MS && endsOn <= snapshot + 90 * DAY_MS,
    )
      ? 1
      : 0,
    tenureDays,
  };
}

function isActivity(event: ContactEvent): boolean {
  if (event.type === 'call.completed') return event.payload.direction === 'inbound';
  return ACTIVITY_TYPES.has(event.type);
}

/** Money the customer paid us: bills actually paid and purchases. */
function spendOf(event: ContactEvent): number {
  if (event.type === 'purchase.completed') return event.payload.amount;
  if (event.type === 'payment.recorded' && event.payload.status !== 'missed') {
    return event.payload.amount;
  }
  return 0;
}

type CallPayload = Extract<ContactEvent, { type: 'call.completed' }>['payload'];

/** The agent's structured signals, or the call reason's words when no signal was noted. */
function countCall(
  call: CallPayload,
  counts: { competitor: number; cancellationCalls: number; priceCalls: number },
): void {
  const signals = new Set(call.signals ?? []);
  const reason = call.reason ?? '';
  if (signals.has('competitor-mentioned') || COMPETITOR_WORDS.test(reason)) counts.competitor += 1;
  if (signals.has('cancellation-intent') || CANCELLATION_WORDS.test(reason)) {
    counts.cancellationCalls += 1;
  }
  if (signals.has('price-complaint')) counts.priceCalls += 1;
}

function normalisedScore(score: number, scale: keyof typeof SURVEY_RANGES): number {
  const { min, max } = SURVEY_RANGES[scale];
  return (score - min) / (max - min);
}

/** Days since `at`; never seen counts as the whole known tenure (at least that long). */
function recencyDays(at: number, snapshot: number, tenureDays: number): number {
  const days = Number.isFinite(at) ? (snapshot - at) / DAY_MS : tenureDays;
  return Math.min(MAX_RECENCY_DAYS, days);
}

/** (now − baseline) / baseline, clipped; no baseline means no trend to speak of. */
function relativeChange(now: number, baseline: number): number {
  if (baseline <= 0) return 0;
  return Math.min(TREND_MAX, Math.max(TREND_MIN, (now - baseline) / baseline));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
