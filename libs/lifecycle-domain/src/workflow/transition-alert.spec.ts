import { PlatformError } from '@cip/contracts';
import { ALERT_STATUSES, type AlertStatus } from './alert-status';
import { isReviewOverdue, missedReview, reviewDueAt } from './alert-review.policy';
import { EXPIRY_SWEEP_ACTOR, expireIfDue, transitionAlert } from './transition-alert';
import type { WorkflowAlert } from './workflow-alert';

const RAISED = new Date('2025-03-01T10:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(RAISED.getTime() + hours * HOUR);

function alert(overrides: Partial<WorkflowAlert> = {}): WorkflowAlert {
  return {
    alertId: 'alert-1',
    customerId: 'cust-1',
    triggerId: 'repeated-complaints',
    severity: 'high',
    status: 'open',
    version: 1,
    raisedAt: RAISED,
    deadline: at(72),
    reviewDueAt: reviewDueAt(RAISED),
    acknowledgedAt: null,
    actionedAt: null,
    resolvedAt: null,
    expiredAt: null,
    outcome: null,
    ...overrides,
  };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof PlatformError) return error.code;
    throw error;
  }
}

// Written out rather than derived from ALERT_TRANSITIONS, so a change to the table fails here.
const LEGAL_FOR_PEOPLE: ReadonlyArray<[AlertStatus, AlertStatus]> = [
  ['open', 'acknowledged'],
  ['acknowledged', 'actioned'],
  ['actioned', 'resolved'],
];

describe('transitionAlert: every pair of statuses, by a person', () => {
  const pairs = ALERT_STATUSES.flatMap((from) => ALERT_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    const legal = LEGAL_FOR_PEOPLE.some(([f, t]) => f === from && t === to);
    const run = () =>
      transitionAlert(
        alert({ status: from, version: 3 }),
        { to, actor: 'agent-17', by: 'person', outcome: to === 'resolved' ? 'saved' : undefined },
        at(1),
      );
    if (legal) {
      const applied = run();
      expect(applied.alert).toMatchObject({ status: to, version: 4 });
      expect(applied.transition).toEqual({
        alertId: 'alert-1',
        version: 4,
        from,
        to,
        outcome: to === 'resolved' ? 'saved' : null,
        actor: 'agent-17',
        note: null,
        at: at(1),
      });
    } else {
      expect(codeOf(run)).toBe('ILLEGAL_ALERT_TRANSITION');
    }
  });
});

describe('transitionAlert: milestones, notes and outcomes', () => {
  it('walks open → acknowledged → actioned → resolved, stamping each milestone once', () => {
    const acknowledged = transitionAlert(
      alert(),
      { to: 'acknowledged', actor: 'sup-1', by: 'person', note: 'looking at it' },
      at(1),
    );
    const actioned = transitionAlert(
      acknowledged.alert,
      { to: 'actioned', actor: 'agent-17', by: 'person', note: 'called, offered a credit' },
      at(5),
    );
    const resolved = transitionAlert(
      actioned.alert,
      { to: 'resolved', actor: 'agent-17', by: 'person', outcome: 'saved' },
      at(30),
    );
    expect(resolved.alert).toMatchObject({
      status: 'resolved',
      version: 4,
      acknowledgedAt: at(1),
      actionedAt: at(5),
      resolvedAt: at(30),
      expiredAt: null,
      outcome: 'saved',
    });
    expect(acknowledged.transition.note).toBe('looking at it');
  });

  it.each(['saved', 'lost', 'no-action'] as const)('resolves with outcome %s', (outcome) => {
    const applied = transitionAlert(
      alert({ status: 'actioned' }),
      { to: 'resolved', actor: 'a', by: 'person', outcome },
      at(2),
    );
    expect(applied.alert.outcome).toBe(outcome);
    expect(applied.transition.outcome).toBe(outcome);
  });

  it('refuses a resolution without an outcome, and an outcome on anything but a resolution', () => {
    expect(
      codeOf(() =>
        transitionAlert(
          alert({ status: 'actioned' }),
          { to: 'resolved', actor: 'a', by: 'person' },
          at(2),
        ),
      ),
    ).toBe('ALERT_OUTCOME_REQUIRED');
    expect(
      codeOf(() =>
        transitionAlert(
          alert(),
          { to: 'acknowledged', actor: 'a', by: 'person', outcome: 'saved' },
          at(2),
        ),
      ),
    ).toBe('ALERT_OUTCOME_NOT_ALLOWED');
  });

  it('a person cannot expire an alert, even past its deadline', () => {
    expect(
      codeOf(() => transitionAlert(alert(), { to: 'expired', actor: 'a', by: 'person' }, at(100))),
    ).toBe('ILLEGAL_ALERT_TRANSITION');
  });
});

describe('transitionAlert: deadline', () => {
  it.each(['open', 'acknowledged'] as const)(
    'refuses to move a %s alert once its deadline passed (it is expired, whatever the sweep did)',
    (status) => {
      const to = status === 'open' ? 'acknowledged' : 'actioned';
      expect(
        codeOf(() => transitionAlert(alert({ status }), { to, actor: 'a', by: 'person' }, at(72))),
      ).toBe('ALERT_DEADLINE_PASSED');
      expect(
        transitionAlert(alert({ status }), { to, actor: 'a', by: 'person' }, at(71.9)).alert.status,
      ).toBe(to);
    },
  );

  it('an actioned alert can still be resolved after the deadline: the action was in time', () => {
    expect(
      transitionAlert(
        alert({ status: 'actioned' }),
        { to: 'resolved', actor: 'a', by: 'person', outcome: 'lost' },
        at(500),
      ).alert.status,
    ).toBe('resolved');
  });
});

describe('transitionAlert: optimistic concurrency', () => {
  const request = { to: 'acknowledged' as const, actor: 'a', by: 'person' as const };

  it('applies when the expected version is the current one, or any (If-Match: *)', () => {
    const current = alert({ version: 5 });
    expect(
      transitionAlert(current, { ...request, expected: { via: 'if-match', version: 5 } }, at(1))
        .alert.version,
    ).toBe(6);
    expect(
      transitionAlert(current, { ...request, expected: { via: 'if-match', version: 'any' } }, at(1))
        .alert.version,
    ).toBe(6);
    expect(
      transitionAlert(current, { ...request, expected: { via: 'body', version: 5 } }, at(1)).alert
        .version,
    ).toBe(6);
  });

  it('a stale If-Match fails the precondition (412); a stale body version conflicts (409)', () => {
    const current = alert({ version: 5 });
    expect(
      codeOf(() =>
        transitionAlert(current, { ...request, expected: { via: 'if-match', version: 4 } }, at(1)),
      ),
    ).toBe('ALERT_PRECONDITION_FAILED');
    expect(
      codeOf(() =>
        transitionAlert(current, { ...request, expected: { via: 'body', version: 4 } }, at(1)),
      ),
    ).toBe('ALERT_VERSION_CONFLICT');
  });

  it('checks the version before legality: a client that lost a race learns it is stale', () => {
    expect(
      codeOf(() =>
        transitionAlert(
          alert({ status: 'acknowledged', version: 2 }),
          { ...request, expected: { via: 'body', version: 1 } },
          at(1),
        ),
      ),
    ).toBe('ALERT_VERSION_CONFLICT');
  });
});

describe('expireIfDue', () => {
  it.each(['open', 'acknowledged'] as const)('expires a %s alert at its deadline', (status) => {
    const applied = expireIfDue(alert({ status, version: 2 }), at(72));
    expect(applied?.alert).toMatchObject({ status: 'expired', version: 3, expiredAt: at(72) });
    expect(applied?.transition).toMatchObject({
      from: status,
      to: 'expired',
      actor: EXPIRY_SWEEP_ACTOR,
      outcome: null,
    });
    expect(applied?.transition.note).toContain('2025-03-04T10:00:00.000Z');
  });

  it('leaves alone an alert before its deadline, without a deadline, actioned or final', () => {
    expect(expireIfDue(alert(), at(71.99))).toBeNull();
    expect(expireIfDue(alert({ deadline: null }), at(10_000))).toBeNull();
    for (const status of ['actioned', 'resolved', 'expired'] as const) {
      expect(expireIfDue(alert({ status }), at(10_000))).toBeNull();
    }
  });

  it('the system may not expire before the deadline through transitionAlert either', () => {
    expect(
      codeOf(() =>
        transitionAlert(alert(), { to: 'expired', actor: EXPIRY_SWEEP_ACTOR, by: 'system' }, at(1)),
      ),
    ).toBe('ILLEGAL_ALERT_TRANSITION');
  });
});

describe('48-hour review', () => {
  it('is due 48 hours after the alert was raised; the window is data', () => {
    expect(reviewDueAt(RAISED)).toEqual(at(48));
    expect(reviewDueAt(RAISED, { reviewWithinHours: 4 })).toEqual(at(4));
  });

  it('an open alert is overdue from the due time on, until acknowledged', () => {
    const open = alert();
    expect(isReviewOverdue(open, at(47.99))).toBe(false);
    expect(isReviewOverdue(open, at(48))).toBe(true);
    const acknowledged = transitionAlert(
      open,
      { to: 'acknowledged', actor: 'a', by: 'person' },
      at(50),
    ).alert;
    expect(isReviewOverdue(acknowledged, at(50))).toBe(false);
  });

  it('a review counts as missed when acknowledged late or never, not when in time', () => {
    expect(missedReview({ reviewDueAt: at(48), acknowledgedAt: at(47) }, at(100))).toBe(false);
    expect(missedReview({ reviewDueAt: at(48), acknowledgedAt: at(49) }, at(100))).toBe(true);
    expect(missedReview({ reviewDueAt: at(48), acknowledgedAt: null }, at(100))).toBe(true);
    expect(missedReview({ reviewDueAt: at(48), acknowledgedAt: null }, at(47))).toBe(false);
  });
});
