import {
  alertOutcomeSchema,
  alertStatusChangedV1Schema,
  alertWorkflowStatusSchema,
  FINAL_ALERT_STATUSES,
} from '@cip/contracts';
import { ALERT_OUTCOMES, ALERT_STATUSES, isFinalStatus } from './alert-status';
import { alertStatusChangedEvent } from './alert-status-changed.event';
import { reviewDueAt } from './alert-review.policy';
import { expireIfDue, transitionAlert } from './transition-alert';
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

describe('alertStatusChangedEvent', () => {
  it('describes a resolution as a valid v1 event keyed by the customer', () => {
    const applied = transitionAlert(
      alert({ status: 'actioned', version: 3 }),
      { to: 'resolved', actor: 'agent-17', by: 'person', outcome: 'saved', note: 'kept' },
      at(5),
    );
    const event = alertStatusChangedEvent(applied);
    expect(alertStatusChangedV1Schema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      type: 'alert.status.changed',
      version: 1,
      customerId: 'cust-1',
      source: 'lifecycle',
      occurredAt: at(5).toISOString(),
      payload: {
        alertId: 'alert-1',
        triggerId: 'repeated-complaints',
        severity: 'high',
        from: 'actioned',
        to: 'resolved',
        alertVersion: 4,
        outcome: 'saved',
        actor: 'agent-17',
        note: 'kept',
        at: at(5).toISOString(),
      },
    });
  });

  it('describes an expiry by the sweep', () => {
    const applied = expireIfDue(alert(), at(73));
    if (applied === null) throw new Error('expected the alert to expire');
    const event = alertStatusChangedV1Schema.parse(alertStatusChangedEvent(applied));
    expect(event.payload).toMatchObject({
      from: 'open',
      to: 'expired',
      outcome: null,
      actor: 'system:expiry-sweep',
    });
  });

  it('gives the same id to the same transition and distinct ids to distinct versions', () => {
    const ack = (version: number) =>
      alertStatusChangedEvent(
        transitionAlert(
          alert({ version }),
          { to: 'acknowledged', actor: 'a', by: 'person' },
          at(1),
        ),
      ).eventId;
    expect(ack(1)).toBe(ack(1));
    expect(ack(1)).not.toBe(ack(2));
  });

  it("shares the workflow's statuses, outcomes and final statuses with the contract", () => {
    expect(alertWorkflowStatusSchema.options).toEqual([...ALERT_STATUSES]);
    expect(alertOutcomeSchema.options).toEqual([...ALERT_OUTCOMES]);
    expect(ALERT_STATUSES.filter((s) => FINAL_ALERT_STATUSES.has(s))).toEqual(
      ALERT_STATUSES.filter(isFinalStatus),
    );
  });
});
