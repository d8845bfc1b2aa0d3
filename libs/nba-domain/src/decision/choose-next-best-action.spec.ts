import fc from 'fast-check';
import { action, openAlert, SEEDED_CATALOG } from '../testing.fixtures';
import { chooseNextBestAction } from './choose-next-best-action';

const now = new Date('2025-03-02T00:00:00Z');

describe('chooseNextBestAction', () => {
  it('without open alerts returns the default nurture action, reason null', () => {
    const decision = chooseNextBestAction([], SEEDED_CATALOG, now);
    expect(decision).toEqual({
      action: expect.objectContaining({ actionId: 'nurture-newsletter', kind: 'nurture' }),
      reason: null,
      decidedAt: now,
    });
  });

  it('with an open repeated-complaints alert returns the highest-priority retention action and the alert as reason', () => {
    const decision = chooseNextBestAction([openAlert()], SEEDED_CATALOG, now);
    expect(decision.action.actionId).toBe('retention-call-apology-credit');
    expect(decision.reason).toEqual({
      alertId: 'alert-1',
      triggerId: 'repeated-complaints',
      severity: 'high',
      suggestedStrategy: 'call within 48 hours',
    });
  });

  it('skips disabled actions', () => {
    const catalog = SEEDED_CATALOG.map((a) =>
      a.actionId === 'retention-call-apology-credit' ? { ...a, enabled: false } : a,
    );
    expect(chooseNextBestAction([openAlert()], catalog, now).action.actionId).toBe(
      'retention-loyalty-offer',
    );
  });

  it('answers the most severe alert first, then the most recent', () => {
    const catalog = [
      ...SEEDED_CATALOG,
      action('win-back-vip', 'retention', ['vip-churn'], 1),
      action('late-payer-call', 'service', ['late-payments'], 5),
    ];
    const alerts = [
      openAlert({
        alertId: 'a-old',
        triggerId: 'late-payments',
        severity: 'high',
        raisedAt: new Date('2025-02-01T00:00:00Z'),
      }),
      openAlert({
        alertId: 'a-crit',
        triggerId: 'vip-churn',
        severity: 'critical',
        raisedAt: new Date('2025-01-01T00:00:00Z'),
      }),
      openAlert({
        alertId: 'a-new',
        triggerId: 'repeated-complaints',
        severity: 'high',
        raisedAt: new Date('2025-03-01T00:00:00Z'),
      }),
    ];
    expect(chooseNextBestAction(alerts, catalog, now).reason?.alertId).toBe('a-crit');
    expect(
      chooseNextBestAction(
        alerts.filter((a) => a.alertId !== 'a-crit'),
        catalog,
        now,
      ).reason?.alertId,
    ).toBe('a-new');
  });

  it('falls back to the default when no action answers the open alert, but never to an upsell', () => {
    const catalog = [action('premium-upgrade', 'upsell', [], 50), ...SEEDED_CATALOG];
    expect(chooseNextBestAction([], catalog, now).action.actionId).toBe('premium-upgrade');
    const decision = chooseNextBestAction(
      [openAlert({ triggerId: 'unknown-trigger' })],
      catalog,
      now,
    );
    expect(decision.action.actionId).toBe('nurture-newsletter');
    expect(decision.reason).toBeNull();
  });

  it('fails with NO_ELIGIBLE_ACTION when the catalog has no usable default', () => {
    expect(() => chooseNextBestAction([], [], now)).toThrow(
      expect.objectContaining({ code: 'NO_ELIGIBLE_ACTION' }),
    );
  });

  it('property: serve before selling: with an open alert, never an upsell, whatever the catalog', () => {
    const kinds = ['retention', 'upsell', 'service', 'nurture'] as const;
    const arbAction = fc.record({
      actionId: fc.string({ minLength: 1, maxLength: 8 }),
      kind: fc.constantFrom(...kinds),
      triggers: fc.subarray(['repeated-complaints', 'other']),
      priority: fc.integer({ min: -5, max: 200 }),
      enabled: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(arbAction, { maxLength: 12 }),
        fc.constantFrom('repeated-complaints', 'other', 'none'),
        (raw, trigger) => {
          const catalog = [
            ...raw.map((r) => action(r.actionId, r.kind, r.triggers, r.priority, r.enabled)),
            action('nurture-default', 'nurture', [], 0),
          ];
          const decision = chooseNextBestAction([openAlert({ triggerId: trigger })], catalog, now);
          expect(decision.action.kind).not.toBe('upsell');
        },
      ),
    );
  });
});
