import { summarizeAlerts, summaryWindow, type AlertSummaryFacts } from './alert-summary';

const d = (iso: string) => new Date(iso);

function facts(overrides: Partial<AlertSummaryFacts>): AlertSummaryFacts {
  const raisedAt = overrides.raisedAt ?? d('2025-03-03T09:00:00Z');
  return {
    triggerId: 'repeated-complaints',
    programme: 'anti-attrition',
    severity: 'high',
    raisedAt,
    reviewDueAt: new Date(raisedAt.getTime() + 48 * 3_600_000),
    acknowledgedAt: null,
    actionedAt: null,
    resolvedAt: null,
    outcome: null,
    expiredAt: null,
    ...overrides,
  };
}

describe('summaryWindow', () => {
  const now = d('2025-03-05T15:30:00Z'); // a Wednesday

  it('a day is the UTC day containing from (default: today)', () => {
    expect(summaryWindow('day', undefined, now)).toEqual({
      period: 'day',
      from: d('2025-03-05T00:00:00Z'),
      to: d('2025-03-06T00:00:00Z'),
    });
    expect(summaryWindow('day', d('2025-02-28T23:59:59Z'), now).to).toEqual(
      d('2025-03-01T00:00:00Z'),
    );
  });

  it('a week is the ISO week (Monday to Monday) containing from', () => {
    expect(summaryWindow('week', undefined, now)).toEqual({
      period: 'week',
      from: d('2025-03-03T00:00:00Z'),
      to: d('2025-03-10T00:00:00Z'),
    });
    // A Sunday belongs to the week that started six days earlier.
    expect(summaryWindow('week', d('2025-03-09T12:00:00Z'), now).from).toEqual(
      d('2025-03-03T00:00:00Z'),
    );
  });

  it('refuses an invalid date with a code', () => {
    expect(() => summaryWindow('day', new Date('nope'), now)).toThrow(
      expect.objectContaining({ code: 'INVALID_ALERT_QUERY' }),
    );
  });
});

describe('summarizeAlerts', () => {
  const window = summaryWindow('day', d('2025-03-05T00:00:00Z'), d('2025-03-06T12:00:00Z'));
  const now = d('2025-03-06T12:00:00Z');

  it('counts each milestone in the window it happened in, by programme, trigger and severity', () => {
    const summary = summarizeAlerts(
      [
        // Raised and acknowledged today.
        facts({ raisedAt: d('2025-03-05T08:00:00Z'), acknowledgedAt: d('2025-03-05T09:00:00Z') }),
        // Raised earlier; actioned and resolved saved today.
        facts({
          raisedAt: d('2025-03-04T08:00:00Z'),
          acknowledgedAt: d('2025-03-04T09:00:00Z'),
          actionedAt: d('2025-03-05T10:00:00Z'),
          resolvedAt: d('2025-03-05T11:00:00Z'),
          outcome: 'saved',
        }),
        // Lost today, critical.
        facts({
          severity: 'critical',
          raisedAt: d('2025-03-02T08:00:00Z'),
          acknowledgedAt: d('2025-03-02T09:00:00Z'),
          actionedAt: d('2025-03-03T10:00:00Z'),
          resolvedAt: d('2025-03-05T23:59:59Z'),
          outcome: 'lost',
        }),
        // No action needed, activation programme.
        facts({
          triggerId: 'new-relationship-review',
          programme: 'activation',
          severity: 'low',
          raisedAt: d('2025-03-05T01:00:00Z'),
          acknowledgedAt: d('2025-03-05T02:00:00Z'),
          actionedAt: d('2025-03-05T03:00:00Z'),
          resolvedAt: d('2025-03-05T04:00:00Z'),
          outcome: 'no-action',
        }),
        // Review due today (raised 48 h before) and never acknowledged; expired today.
        facts({ raisedAt: d('2025-03-03T06:00:00Z'), expiredAt: d('2025-03-05T07:00:00Z') }),
        // Outside the window entirely: not counted, not listed.
        facts({ triggerId: 'other', raisedAt: d('2025-03-06T01:00:00Z') }),
        facts({ raisedAt: d('2025-03-01T00:00:00Z'), acknowledgedAt: d('2025-03-01T01:00:00Z') }),
      ],
      window,
      now,
    );

    expect(summary).toMatchObject({
      period: 'day',
      from: '2025-03-05T00:00:00.000Z',
      to: '2025-03-06T00:00:00.000Z',
      asOf: '2025-03-06T12:00:00.000Z',
    });
    expect(summary.totals).toEqual({
      raised: 2,
      acknowledged: 2,
      actioned: 2,
      saved: 1,
      lost: 1,
      noAction: 1,
      expired: 1,
      overdueReview: 1,
    });
    expect(summary.byProgramme.map((p) => [p.programme, p.raised, p.noAction])).toEqual([
      ['activation', 1, 1],
      ['anti-attrition', 1, 0],
    ]);
    expect(summary.byTrigger.map((t) => t.triggerId)).toEqual([
      'new-relationship-review',
      'repeated-complaints',
    ]);
    expect(summary.bySeverity.map((s) => [s.severity, s.lost, s.saved])).toEqual([
      ['critical', 1, 0],
      ['high', 0, 1],
      ['low', 0, 0],
    ]);
  });

  it('overdue review: due in the window and by now, acknowledged late or never', () => {
    const dueToday = (acknowledgedAt: Date | null) =>
      facts({
        raisedAt: d('2025-03-03T10:00:00Z'),
        reviewDueAt: d('2025-03-05T10:00:00Z'),
        acknowledgedAt,
      });
    const count = (list: AlertSummaryFacts[], asOf: Date) =>
      summarizeAlerts(list, window, asOf).totals.overdueReview;
    expect(count([dueToday(null)], now)).toBe(1);
    expect(count([dueToday(d('2025-03-05T11:00:00Z'))], now)).toBe(1);
    expect(count([dueToday(d('2025-03-05T09:00:00Z'))], now)).toBe(0);
    // Not due yet at the time of asking.
    expect(count([dueToday(null)], d('2025-03-05T09:59:00Z'))).toBe(0);
  });

  it('days add up to their week', () => {
    const all = [
      facts({ raisedAt: d('2025-03-03T08:00:00Z'), acknowledgedAt: d('2025-03-04T08:00:00Z') }),
      facts({ raisedAt: d('2025-03-07T08:00:00Z'), expiredAt: d('2025-03-09T23:00:00Z') }),
      facts({
        raisedAt: d('2025-03-04T08:00:00Z'),
        acknowledgedAt: d('2025-03-04T09:00:00Z'),
        actionedAt: d('2025-03-05T08:00:00Z'),
        resolvedAt: d('2025-03-08T08:00:00Z'),
        outcome: 'saved',
      }),
    ];
    const asOf = d('2025-03-20T00:00:00Z');
    const week = summarizeAlerts(all, summaryWindow('week', d('2025-03-03T00:00:00Z'), asOf), asOf);
    const days = Array.from({ length: 7 }, (_, i) =>
      summarizeAlerts(all, summaryWindow('day', new Date(Date.UTC(2025, 2, 3 + i)), asOf), asOf),
    );
    for (const key of Object.keys(week.totals) as Array<keyof typeof week.totals>) {
      expect([key, days.reduce((sum, day) => sum + day.totals[key], 0)]).toEqual([
        key,
        week.totals[key],
      ]);
    }
    expect(week.totals).toMatchObject({ raised: 3, expired: 1, saved: 1 });
  });
});
