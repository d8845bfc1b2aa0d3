import fc from 'fast-check';
import { attritionAlertRaisedV1Schema, triggerFiredV1Schema } from '@cip/contracts';
import { toTriggerDefinition } from '../definitions/trigger-definition';
import { membershipChanged, repeatedComplaintsStored } from '../testing.fixtures';
import { evaluateTriggers } from './evaluate-triggers';
import { InMemoryCooldown } from './in-memory-cooldown';

const repeated = toTriggerDefinition(repeatedComplaintsStored());
const now = new Date('2025-03-01T12:00:00.000Z');
const DAY = 86_400_000;

describe('evaluateTriggers', () => {
  it('fires repeated-complaints on entering repeated-complainers, with contract-valid events', async () => {
    const [fired, ...rest] = await evaluateTriggers(
      membershipChanged(),
      [repeated],
      new InMemoryCooldown(),
      now,
    );
    expect(rest).toEqual([]);
    expect(fired).toBeDefined();
    expect(fired!.severity).toBe('high'); // documented default while value/satisfaction are unknown
    expect(fired!.raisedAt.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(fired!.deadline?.toISOString()).toBe('2025-03-03T10:00:00.000Z');
    expect(triggerFiredV1Schema.parse(fired!.triggerFired).payload).toMatchObject({
      triggerId: 'repeated-complaints',
      programme: 'anti-attrition',
    });
    const alert = attritionAlertRaisedV1Schema.parse(fired!.alert!.event);
    expect(alert).toMatchObject({
      customerId: 'cust-1',
      causationId: 'mship-1',
      correlationId: 'corr-1',
    });
    expect(alert.payload).toMatchObject({
      alertId: fired!.alert!.record.alertId,
      deadline: '2025-03-03T10:00:00.000Z',
      evidence: expect.objectContaining({
        complaintCount30d: 2,
        segmentId: 'repeated-complainers',
      }),
    });
  });

  it('ignores other segments, exits and disabled triggers', async () => {
    const cooldown = new InMemoryCooldown();
    expect(
      await evaluateTriggers(membershipChanged({ segmentId: 'vip' }), [repeated], cooldown, now),
    ).toEqual([]);
    expect(
      await evaluateTriggers(membershipChanged({ change: 'exited' }), [repeated], cooldown, now),
    ).toEqual([]);
    expect(
      await evaluateTriggers(membershipChanged(), [{ ...repeated, enabled: false }], cooldown, now),
    ).toEqual([]);
  });

  it('fires segment-exited conditions on exits; other programmes raise no attrition alert', async () => {
    const welcomeBack = toTriggerDefinition(
      repeatedComplaintsStored({
        id: 'complaints-settled',
        programme: 'service',
        condition: { kind: 'segment-exited', segmentId: 'repeated-complainers' },
      }),
    );
    const fired = await evaluateTriggers(
      membershipChanged({ change: 'exited' }),
      [welcomeBack],
      new InMemoryCooldown(),
      now,
    );
    expect(fired.map((f) => f.triggerId)).toEqual(['complaints-settled']);
    expect(fired[0]!.alert).toBeUndefined();

    // The exits of a customer merged into another are bookkeeping, not behaviour.
    const mergeExit = membershipChanged({ change: 'exited' });
    mergeExit.payload.cause = 'merge';
    expect(await evaluateTriggers(mergeExit, [welcomeBack], new InMemoryCooldown(), now)).toEqual(
      [],
    );
  });

  it('a redelivery rebuilds identical events; another entry within the cooldown does not fire', async () => {
    const cooldown = new InMemoryCooldown();
    const first = await evaluateTriggers(membershipChanged(), [repeated], cooldown, now);
    const again = await evaluateTriggers(
      membershipChanged(),
      [repeated],
      cooldown,
      new Date(now.getTime() + 60_000),
    );
    expect(again).toEqual(first);
    const second = membershipChanged({
      eventId: 'mship-2',
      occurredAt: new Date(now.getTime() + 3 * DAY).toISOString(),
    });
    expect(
      await evaluateTriggers(second, [repeated], cooldown, new Date(now.getTime() + 3 * DAY)),
    ).toEqual([]);
    const later = membershipChanged({
      eventId: 'mship-3',
      occurredAt: new Date(now.getTime() + 8 * DAY).toISOString(),
    });
    expect(
      await evaluateTriggers(later, [repeated], cooldown, new Date(now.getTime() + 8 * DAY)),
    ).toHaveLength(1);
  });

  it('property: alerts fired from any entry sequence are at least a cooldown apart, one per distinct firing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 15 }),
        async (days) => {
          const cooldown = new InMemoryCooldown();
          const sorted = [...days].sort((a, b) => a - b);
          const times: number[] = [];
          for (const [index, day] of sorted.entries()) {
            const at = new Date(Date.UTC(2025, 0, 1) + day * DAY);
            const change = membershipChanged({
              eventId: `m-${index}`,
              occurredAt: at.toISOString(),
            });
            const fired = await evaluateTriggers(
              change,
              [repeated],
              cooldown,
              new Date(at.getTime() + 1_000),
            );
            // Redelivering the same change never adds a firing.
            const again = await evaluateTriggers(
              change,
              [repeated],
              cooldown,
              new Date(at.getTime() + 2_000),
            );
            expect(again).toEqual(fired);
            times.push(...fired.map((f) => f.raisedAt.getTime()));
          }
          for (let i = 1; i < times.length; i++)
            expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(7 * DAY);
          expect(times.length).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 50 },
    );
  });
});
