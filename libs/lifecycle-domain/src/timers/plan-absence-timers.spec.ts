import { toTriggerDefinition } from '../definitions/trigger-definition';
import { contactEvent } from '../evaluation/contact-event.fixtures';
import { repeatedComplaintsStored } from '../testing.fixtures';
import type { TriggerCondition } from '../triggers/trigger-condition';
import { planAbsenceTimers } from './plan-absence-timers';

const absence = (id: string, condition: TriggerCondition) =>
  toTriggerDefinition(repeatedComplaintsStored({ id, condition }));

const unresolved = absence('unresolved', {
  kind: 'absence',
  after: { types: ['complaint.filed'] },
  missing: { types: ['complaint.resolved'] },
  within: { hours: 48 },
  correlateOn: 'complaintId',
});
const secondPurchase = absence('second-purchase', {
  kind: 'absence',
  after: { types: ['purchase.completed'] },
  missing: { types: ['purchase.completed'] },
  within: { days: 30 },
  armOnce: true,
});
const at = '2025-03-01T10:00:00.000Z';

describe('planAbsenceTimers', () => {
  it('the after event arms a timer due `within` later, keyed by the correlation field', () => {
    const filed = contactEvent('complaint.filed', at, {
      complaintId: 'C-7',
      category: 'billing',
      severity: 'low',
    });
    const plan = planAbsenceTimers([unresolved], filed);
    expect(plan.cancel).toEqual([]);
    expect(plan.arm).toEqual([
      expect.objectContaining({
        triggerId: 'unresolved',
        correlationKey: 'C-7',
        armedByEventId: filed.eventId,
        dueAt: new Date('2025-03-03T10:00:00.000Z'),
        armOnce: false,
      }),
    ]);
    // Deterministic: the same event plans the same timer id.
    expect(planAbsenceTimers([unresolved], filed).arm[0]!.timerId).toBe(plan.arm[0]!.timerId);
  });

  it('the missing event cancels for its correlation key only', () => {
    const plan = planAbsenceTimers(
      [unresolved],
      contactEvent('complaint.resolved', at, { complaintId: 'C-7', resolution: 'fixed' }),
    );
    expect(plan.arm).toEqual([]);
    expect(plan.cancel).toEqual([
      expect.objectContaining({ triggerId: 'unresolved', correlationKey: 'C-7' }),
    ]);
  });

  it('one event can answer the previous timer and arm its own; armOnce is passed on', () => {
    const purchase = contactEvent('purchase.completed', at, {
      amount: 1,
      currency: 'EUR',
      productId: 'P',
    });
    const plan = planAbsenceTimers([secondPurchase], purchase);
    expect(plan.cancel).toEqual([
      expect.objectContaining({ correlationKey: '', resolvedByEventId: purchase.eventId }),
    ]);
    expect(plan.arm).toEqual([expect.objectContaining({ correlationKey: '', armOnce: true })]);
  });

  it('disabled triggers and unrelated events plan nothing', () => {
    const filed = contactEvent('complaint.filed', at, {
      complaintId: 'C-1',
      category: 'other',
      severity: 'low',
    });
    expect(planAbsenceTimers([{ ...unresolved, enabled: false }], filed)).toEqual({
      cancel: [],
      arm: [],
    });
    expect(
      planAbsenceTimers([unresolved], contactEvent('visit.completed', at, { channel: 'web' })),
    ).toEqual({ cancel: [], arm: [] });
  });
});
