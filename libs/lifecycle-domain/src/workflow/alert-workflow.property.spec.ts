import fc from 'fast-check';
import { PlatformError } from '@cip/contracts';
import { reviewDueAt } from './alert-review.policy';
import { summarizeAlerts, summaryWindow, type AlertSummaryFacts } from './alert-summary';
import { ALERT_OUTCOMES, ALERT_STATUSES, isFinalStatus } from './alert-status';
import { expireIfDue, transitionAlert } from './transition-alert';
import type { WorkflowAlert } from './workflow-alert';

const RAISED = Date.UTC(2025, 2, 3, 9);
const HOUR = 3_600_000;

const arbCommand = fc.record({
  to: fc.constantFrom(...ALERT_STATUSES),
  outcome: fc.option(fc.constantFrom(...ALERT_OUTCOMES), { nil: undefined }),
  hoursLater: fc.integer({ min: 0, max: 10 }),
  sweep: fc.boolean(),
});

describe('alert workflow properties', () => {
  it('any sequence of requests: versions count the applied steps, milestones never move, final states absorb', () => {
    fc.assert(
      fc.property(
        fc.array(arbCommand, { maxLength: 12 }),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
        (commands, deadlineHours) => {
          let alert: WorkflowAlert = {
            alertId: 'a',
            customerId: 'c',
            triggerId: 't',
            severity: 'high',
            status: 'open',
            version: 1,
            raisedAt: new Date(RAISED),
            deadline: deadlineHours === null ? null : new Date(RAISED + deadlineHours * HOUR),
            reviewDueAt: reviewDueAt(new Date(RAISED)),
            acknowledgedAt: null,
            actionedAt: null,
            resolvedAt: null,
            expiredAt: null,
            outcome: null,
          };
          let now = RAISED;
          let applied = 0;
          for (const command of commands) {
            now += command.hoursLater * HOUR;
            const before = alert;
            try {
              const result = command.sweep
                ? expireIfDue(alert, new Date(now))
                : transitionAlert(
                    alert,
                    { to: command.to, actor: 'p', by: 'person', outcome: command.outcome },
                    new Date(now),
                  );
              if (result === null) continue;
              alert = result.alert;
              applied += 1;
              expect(result.transition).toMatchObject({ from: before.status, to: alert.status });
              expect(isFinalStatus(before.status)).toBe(false);
            } catch (error) {
              expect(error).toBeInstanceOf(PlatformError);
              expect(alert).toBe(before);
            }
            // Milestones, once set, keep their time.
            for (const key of [
              'acknowledgedAt',
              'actionedAt',
              'resolvedAt',
              'expiredAt',
            ] as const) {
              if (before[key] !== null) expect(alert[key]).toEqual(before[key]);
            }
          }
          expect(alert.version).toBe(1 + applied);
          expect(alert.outcome !== null).toBe(alert.status === 'resolved');
          if (alert.status === 'expired') expect(alert.actionedAt).toBeNull();
        },
      ),
    );
  });

  it('the seven days of a week add up to the week, whatever the milestones', () => {
    const arbTime = fc
      .integer({ min: -2 * 24, max: 9 * 24 })
      .map((h) => new Date(RAISED + h * HOUR));
    const arbFacts: fc.Arbitrary<AlertSummaryFacts> = fc.record({
      triggerId: fc.constantFrom('t1', 't2'),
      programme: fc.constantFrom('activation', 'anti-attrition'),
      severity: fc.constantFrom('critical', 'high', 'medium', 'low'),
      raisedAt: arbTime,
      reviewDueAt: arbTime,
      acknowledgedAt: fc.option(arbTime, { nil: null }),
      actionedAt: fc.option(arbTime, { nil: null }),
      resolvedAt: fc.option(arbTime, { nil: null }),
      outcome: fc.option(fc.constantFrom(...ALERT_OUTCOMES), { nil: null }),
      expiredAt: fc.option(arbTime, { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(arbFacts, { maxLength: 30 }), (facts) => {
        const now = new Date(RAISED + 30 * 24 * HOUR);
        const week = summarizeAlerts(facts, summaryWindow('week', new Date(RAISED), now), now);
        const days = Array.from({ length: 7 }, (_, i) =>
          summarizeAlerts(
            facts,
            summaryWindow('day', new Date(Date.parse(week.from) + i * 24 * HOUR), now),
            now,
          ),
        );
        for (const key of Object.keys(week.totals) as Array<keyof typeof week.totals>) {
          expect(days.reduce((sum, d) => sum + d.totals[key], 0)).toBe(week.totals[key]);
          expect(week.byProgramme.reduce((sum, p) => sum + p[key], 0)).toBe(week.totals[key]);
          expect(week.bySeverity.reduce((sum, s) => sum + s[key], 0)).toBe(week.totals[key]);
        }
      }),
    );
  });
});
