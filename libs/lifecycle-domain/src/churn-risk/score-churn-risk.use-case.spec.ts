import { contactEvent } from '../evaluation/contact-event.fixtures';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import { InMemoryCooldown } from '../evaluation/in-memory-cooldown';
import type { CustomerProfile } from '../severity/value-profile';
import { handMadeModel, InMemoryChurnRiskStore } from './churn-risk.fixtures';
import type { ActiveChurnModel } from './churn-risk.ports';
import { ScoreChurnRiskUseCase } from './score-churn-risk.use-case';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

function harness(model: ActiveChurnModel | 'none' = handMadeModel(), profile?: CustomerProfile) {
  const store = new InMemoryChurnRiskStore();
  const published: FiredTrigger[] = [];
  const useCase = new ScoreChurnRiskUseCase({
    store,
    models: { current: () => (model === 'none' ? undefined : model) },
    cooldown: new InMemoryCooldown(),
    publisher: {
      publish: (fired) => {
        published.push(...fired);
        return Promise.resolve();
      },
    },
    clock: { now: () => NOW },
    ...(profile ? { profiles: { profileOf: () => Promise.resolve(profile) } } : {}),
  });
  return { store, published, useCase };
}

const complaint = (d: number, customerId = 'cust-1') =>
  contactEvent(
    'complaint.filed',
    daysAgo(d),
    { complaintId: `k-${d}`, category: 'billing', severity: 'medium' },
    { customerId },
  );

describe('ScoreChurnRiskUseCase', () => {
  it('raises one churn-risk-high alert, with the reason codes, when the score enters the high band', async () => {
    const { store, published, useCase } = harness();
    const first = await useCase.execute(complaint(20));
    expect(first).toMatchObject({ status: 'scored', score: { band: 'low' }, fired: [] });
    const second = await useCase.execute(complaint(10));
    expect(second).toMatchObject({ status: 'scored', score: { band: 'high' } });
    expect(published).toHaveLength(1);
    const alert = published[0]?.alert;
    expect(alert?.record).toMatchObject({
      triggerId: 'churn-risk-high',
      customerId: 'cust-1',
      severity: 'high',
      evidence: {
        churnBand: 'high',
        modelVersion: 'spec-v1',
        reason1: 'Complaints in the last 90 days',
        reason1Feature: 'complaintsLast90Days',
      },
    });
    expect(alert?.record.reason).toContain('Complaints in the last 90 days');
    expect(store.alerts.size).toBe(1);
  });

  it('does not alert again while the score stays high', async () => {
    const { published, useCase } = harness();
    for (const d of [30, 20, 10, 5]) await useCase.execute(complaint(d));
    expect(published).toHaveLength(1);
  });

  it('changes nothing on a redelivery', async () => {
    const { store, published, useCase } = harness();
    await useCase.execute(complaint(20));
    const crossing = complaint(10);
    await useCase.execute(crossing);
    const scoreBefore = store.scores.get('cust-1');
    expect(await useCase.execute(crossing)).toEqual({ status: 'already-processed' });
    expect(published).toHaveLength(1);
    expect(store.scores.get('cust-1')).toBe(scoreBefore);
    expect(store.events.get('cust-1')).toHaveLength(2);
  });

  it('rebuilds the same alert id after a crash between publishing and recording', async () => {
    const { store, published, useCase } = harness();
    await useCase.execute(complaint(20));
    const crossing = complaint(10);
    const recordOnce = store.record.bind(store);
    store.record = () => Promise.reject(new Error('crash'));
    await expect(useCase.execute(crossing)).rejects.toThrow('crash');
    store.record = recordOnce;
    await useCase.execute(crossing);
    expect(published).toHaveLength(2);
    expect(published[1]?.alert?.record.alertId).toBe(published[0]?.alert?.record.alertId);
    expect(store.alerts.size).toBe(1);
  });

  it('lets the cooldown (30 days) hold back a second crossing soon after the first', async () => {
    // One open complaint is high risk, none is low: resolving and filing again re-crosses.
    const { published, useCase } = harness(handMadeModel({ openComplaints: 3.5 }));
    const filed = (d: number, id: string) =>
      contactEvent('complaint.filed', daysAgo(d), {
        complaintId: id,
        category: 'network',
        severity: 'medium',
      });
    const resolved = (d: number, id: string) =>
      contactEvent('complaint.resolved', daysAgo(d), { complaintId: id, resolution: 'fixed' });
    await useCase.execute(filed(100, 'k1')); // high: alert
    await useCase.execute(resolved(95, 'k1')); // low
    await useCase.execute(filed(90, 'k2')); // high again 10 days later: cooling down
    expect(published).toHaveLength(1);
    await useCase.execute(resolved(85, 'k2'));
    await useCase.execute(filed(50, 'k3')); // high 50 days after the first alert: alert
    expect(published).toHaveLength(2);
  });

  it('takes severity from the value × satisfaction quadrant', async () => {
    const { published, useCase } = harness(handMadeModel(), {
      valueTier: 'vip',
      satisfaction: 'low',
    });
    await useCase.execute(complaint(20));
    await useCase.execute(complaint(10));
    expect(published[0]?.severity).toBe('critical');
  });

  it('keeps the history without scoring while no model is active', async () => {
    const { store, published, useCase } = harness('none');
    expect(await useCase.execute(complaint(10))).toEqual({ status: 'no-model' });
    expect(store.events.get('cust-1')).toHaveLength(1);
    expect(store.processed.has(store.events.get('cust-1')?.[0]?.eventId ?? '')).toBe(true);
    expect(published).toHaveLength(0);
  });

  it('keeps the newer score when an older event arrives late', async () => {
    const { store, useCase } = harness();
    await useCase.execute(complaint(20));
    await useCase.execute(complaint(10));
    const late = await useCase.execute(complaint(60));
    expect(late).toMatchObject({ status: 'scored', fired: [] });
    expect(store.scores.get('cust-1')?.asOf).toEqual(daysAgo(10));
  });
});
