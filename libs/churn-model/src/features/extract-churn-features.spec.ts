import { contactEventV1Schema, type ContactEvent } from '@cip/contracts';
import { extractChurnFeatures, DAY_MS } from './extract-churn-features';

const SNAPSHOT = Date.parse('2026-06-01T00:00:00Z');
let sequence = 0;

/** A valid contact event `daysBefore` the snapshot (negative: after it). */
function at(daysBefore: number, type: string, payload: Record<string, unknown>): ContactEvent {
  sequence += 1;
  return contactEventV1Schema.parse({
    eventId: `e${sequence}`,
    type,
    version: 1,
    occurredAt: new Date(SNAPSHOT - daysBefore * DAY_MS).toISOString(),
    customerId: 'c1',
    source: 'test',
    payload,
  });
}

const visit = (d: number) =>
  at(d, 'visit.completed', { channel: 'web', purpose: 'browse', durationSeconds: 60 });
const purchase = (d: number, amount: number) =>
  at(d, 'purchase.completed', { amount, currency: 'EUR', productId: 'p1' });
const payment = (d: number, amount: number, status = 'on-time') =>
  at(d, 'payment.recorded', { amount, currency: 'EUR', status });
const complaint = (d: number, complaintId: string) =>
  at(d, 'complaint.filed', { complaintId, category: 'billing' });
const resolved = (d: number, complaintId: string) =>
  at(d, 'complaint.resolved', { complaintId, resolution: 'fixed' });
const survey = (d: number, score: number, scale = 'nps-0-10') =>
  at(d, 'survey.answered', { score, scale });
const call = (d: number, extra: Record<string, unknown>) =>
  at(d, 'call.completed', {
    direction: 'inbound',
    durationSeconds: 60,
    outcome: 'resolved',
    ...extra,
  });

const features = (events: ContactEvent[]) => extractChurnFeatures(events, SNAPSHOT);

describe('extractChurnFeatures', () => {
  it('ignores events after the snapshot', () => {
    const before = features([visit(200), complaint(10, 'k1')]);
    const withFuture = features([visit(200), complaint(10, 'k1'), complaint(-1, 'k2'), visit(-2)]);
    expect(withFuture).toEqual(before);
  });

  it('measures recency of activity and of purchases in days, whatever the input order', () => {
    const f = features([purchase(40, 10), visit(3), visit(100)]);
    expect(f.daysSinceLastActivity).toBeCloseTo(3);
    expect(f.daysSinceLastPurchase).toBeCloseTo(40);
  });

  it('counts a customer never active as inactive for their whole known tenure', () => {
    const f = features([payment(120, 30), payment(20, 30)]);
    expect(f.daysSinceLastActivity).toBeCloseTo(120);
    expect(f.daysSinceLastPurchase).toBeCloseTo(120);
    expect(f.tenureDays).toBeCloseTo(120);
  });

  it('sums spend over 30 and 90 days, payments and purchases, but not missed bills', () => {
    const f = features([
      payment(10, 40),
      purchase(20, 60),
      payment(50, 100),
      payment(60, 500, 'missed'),
    ]);
    expect(f.logSpendLast30Days).toBeCloseTo(Math.log1p(100));
    expect(f.logSpendLast90Days).toBeCloseTo(Math.log1p(200));
  });

  it('reads a spend drop as a negative trend against the customer’s own baseline (value churn)', () => {
    // 90 days before the last 90: 3 × 100; last 90: 3 × 40 → −60 %.
    const history = [150, 120, 100].map((d) => payment(d, 100));
    const dropping = features([...history, ...[80, 50, 10].map((d) => payment(d, 40))]);
    expect(dropping.spendTrend90).toBeCloseTo(-0.6);
    // Last 30 days: 40 against a monthly baseline of (100 + 40 + 40) / 3 = 60 in days 30-120.
    expect(dropping.spendTrend30).toBeCloseTo((40 - 60) / 60);
    const steady = features([...history, ...[80, 50, 10].map((d) => payment(d, 100))]);
    expect(steady.spendTrend90).toBeCloseTo(0);
  });

  it('clips trends and gives no trend without a baseline', () => {
    expect(features([payment(100, 1), payment(10, 1_000)]).spendTrend90).toBe(2);
    expect(features([payment(10, 50)]).spendTrend90).toBe(0);
  });

  it('sees activity falling in the last 30 days', () => {
    const f = features([...[110, 100, 90, 80, 70, 60, 50, 40, 35].map(visit), visit(5)]);
    // 9 visits in days 30-120 → 3 a month; 1 in the last 30 days → −2/3.
    expect(f.activityTrend30).toBeCloseTo(-2 / 3);
  });

  it('counts complaints, escalations and the ones still unresolved', () => {
    const f = features([
      complaint(300, 'old'),
      complaint(60, 'k1'),
      at(55, 'complaint.escalated', { complaintId: 'k1', level: 'supervisor' }),
      complaint(20, 'k2'),
      resolved(10, 'k2'),
      resolved(-5, 'k1'),
    ]);
    expect(f.complaintsLast90Days).toBe(2);
    expect(f.complaintsLastYear).toBe(3);
    expect(f.escalationsLast90Days).toBe(1);
    // k1 is resolved only after the snapshot; "old" never was.
    expect(f.openComplaints).toBe(2);
  });

  it('counts service incidents and late or missed payments in the last 90 days', () => {
    const f = features([
      at(200, 'service.incident', { kind: 'outage' }),
      at(30, 'service.incident', { kind: 'billing-error' }),
      payment(40, 10, 'late'),
      payment(20, 10, 'missed'),
      payment(10, 10),
      payment(100, 10, 'late'),
    ]);
    expect(f.serviceIncidentsLast90Days).toBe(1);
    expect(f.serviceIncidentsLastYear).toBe(2);
    expect(f.latePaymentsLast90Days).toBe(2);
  });

  it('reads the latest survey score on a 0-1 scale and its trend against earlier answers', () => {
    const f = features([survey(200, 9), survey(100, 7), survey(10, 2, 'csat-1-5')]);
    expect(f.latestSurveyScore).toBeCloseTo(0.25);
    expect(f.surveyScoreTrend).toBeCloseTo(0.25 - 0.8);
    const none = features([visit(5)]);
    expect(none.latestSurveyScore).toBeCloseTo(0.7);
    expect(none.surveyScoreTrend).toBe(0);
  });

  it('finds competitor, cancellation and price talk in call signals or the call reason', () => {
    const f = features([
      call(5, { signals: ['competitor-mentioned', 'price-complaint'] }),
      call(15, { reason: 'Asked us to match a competitor offer' }),
      call(25, { reason: 'Wants to know how to cancel' }),
      call(35, { signals: ['cancellation-intent'] }),
      call(45, { reason: 'Billing question' }),
      call(150, { signals: ['competitor-mentioned'] }),
    ]);
    expect(f.competitorMentionsLast90Days).toBe(2);
    expect(f.cancellationCallsLast90Days).toBe(2);
    expect(f.priceComplaintCallsLast90Days).toBe(1);
  });

  it('counts declined offers', () => {
    const offer = (d: number, response: string) =>
      at(d, 'offer.responded', { offerId: 'o1', response, channel: 'email' });
    expect(
      features([offer(5, 'declined'), offer(6, 'accepted'), offer(7, 'declined')])
        .offersDeclinedLast90Days,
    ).toBe(2);
  });

  it('flags a cancellation request and a renewal due but not yet renewed', () => {
    const endsOn = new Date(SNAPSHOT + 40 * DAY_MS).toISOString().slice(0, 10);
    const opened = at(20, 'contract.renewal-opened', { contractId: 'k', endsOn });
    expect(features([opened]).renewalDue).toBe(1);
    expect(features([opened, at(5, 'contract.renewed', { contractId: 'k' })]).renewalDue).toBe(0);
    const request = at(8, 'contract.cancellation-requested', { contractId: 'k', reason: 'price' });
    expect(features([request]).cancellationRequested).toBe(1);
    expect(features([opened]).cancellationRequested).toBe(0);
  });

  it('measures tenure from the first event', () => {
    expect(features([visit(400), visit(3)]).tenureDays).toBeCloseTo(400);
    expect(features([]).tenureDays).toBe(0);
  });
});
