import { contactEvent } from '../evaluation/contact-event.fixtures';
import { assessChurnRisk, crossedIntoHighRisk } from './assess-churn-risk';
import { handMadeModel } from './churn-risk.fixtures';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
const complaint = (d: number, id = `k-${d}`) =>
  contactEvent('complaint.filed', daysAgo(d), {
    complaintId: id,
    category: 'billing',
    severity: 'medium',
  });
const priceCall = (d: number) =>
  contactEvent('call.completed', daysAgo(d), {
    direction: 'inbound',
    durationSeconds: 120,
    outcome: 'resolved',
    signals: ['price-complaint'],
  });
const visit = (d: number) =>
  contactEvent('visit.completed', daysAgo(d), {
    channel: 'web',
    purpose: 'browse',
    durationSeconds: 30,
  });

const model = handMadeModel();

describe('assessChurnRisk', () => {
  it('scores the stored history plus the new event, as of the latest event', () => {
    const one = assessChurnRisk([complaint(10)], complaint(1), model, NOW);
    expect(one.score?.probability).toBeCloseTo(0.5);
    expect(one.score?.band).toBe('high');
    expect(one.score?.asOf).toEqual(daysAgo(1));
    expect(one.history).toHaveLength(2);
  });

  it('does not count a redelivered event twice', () => {
    const event = complaint(1);
    const again = assessChurnRisk([complaint(10), event], event, model, NOW);
    expect(again.history).toHaveLength(2);
    expect(again.score?.probability).toBeCloseTo(0.5);
  });

  it('never scores past now when a producer clock runs ahead', () => {
    const ahead = contactEvent('visit.completed', new Date(NOW.getTime() + DAY), {
      channel: 'web',
      purpose: 'browse',
      durationSeconds: 1,
    });
    expect(assessChurnRisk([], ahead, model, NOW).snapshot).toBe(NOW.getTime());
  });

  it('puts the band by the model version’s cuts', () => {
    expect(assessChurnRisk([], visit(1), model, NOW).score?.band).toBe('low');
    const elevatedModel = { ...model, bandCuts: { ...model.bandCuts, elevated: 0.15 } };
    expect(assessChurnRisk([], complaint(1), elevatedModel, NOW).score?.band).toBe('elevated');
  });

  it('prunes what lies beyond the retention window and ignores it in the features', () => {
    const old = complaint(420);
    const assessment = assessChurnRisk([old, visit(5)], visit(1), model, NOW);
    // The window ends 400 days before the latest event (1 day ago).
    expect(assessment.pruneBefore).toEqual(daysAgo(401));
    expect(new Date(old.occurredAt) < assessment.pruneBefore).toBe(true);
    // Tenure is measured from the first event: only the retained window may count.
    const byTenure = handMadeModel({ tenureDays: 0.01 });
    const kept = assessChurnRisk([old, visit(5)], visit(1), byTenure, NOW);
    const withoutOld = assessChurnRisk([visit(5)], visit(1), byTenure, NOW);
    expect(kept.score?.probability).toBe(withoutOld.score?.probability);
  });

  it('gives the features that push the risk up as reason codes, strongest first', () => {
    const { score } = assessChurnRisk(
      [complaint(20), complaint(10), priceCall(5)],
      visit(1),
      model,
      NOW,
    );
    expect(score?.reasons.map((r) => r.feature)).toEqual([
      'complaintsLast90Days',
      'priceComplaintCallsLast90Days',
    ]);
    expect(score?.reasons[0]?.label).toBe('Complaints in the last 90 days');
    expect(score?.reasons[0]?.contribution).toBeCloseTo(3);
  });

  it('keeps the history but gives no score while no model is active', () => {
    const assessment = assessChurnRisk([], complaint(1), undefined, NOW);
    expect(assessment.score).toBeUndefined();
    expect(assessment.history).toHaveLength(1);
  });
});

describe('crossedIntoHighRisk', () => {
  it.each([
    [undefined, 'high', true],
    ['low', 'high', true],
    ['elevated', 'high', true],
    ['high', 'high', false],
    ['high', 'elevated', false],
    ['low', 'elevated', false],
    [undefined, 'low', false],
  ] as const)('%s → %s: %s', (previous, current, crossed) => {
    expect(
      crossedIntoHighRisk(previous === undefined ? undefined : { band: previous }, {
        band: current,
      }),
    ).toBe(crossed);
  });

  it('does not cross without a score', () => {
    expect(crossedIntoHighRisk({ band: 'low' }, undefined)).toBe(false);
  });
});
