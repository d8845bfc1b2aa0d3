import {
  ALERT_STATUS_CHANGED,
  alertWorkflowStatusSchema,
  FINAL_ALERT_STATUSES,
  type AlertStatusChangedV1,
  type AlertWorkflowStatus,
} from '@cip/contracts';
import { CloseAlertUseCase } from './close-alert.use-case';
import type { ClosedAlert } from './closed-alert';
import type { ClosedAlertRecorder } from './open-alert.ports';

function statusChanged(to: AlertWorkflowStatus, from: AlertWorkflowStatus = 'open') {
  const event: AlertStatusChangedV1 = {
    eventId: `alert-status-changed-${to}`,
    type: ALERT_STATUS_CHANGED,
    version: 1,
    occurredAt: '2025-03-02T09:00:00.000Z',
    customerId: 'cust-1',
    source: 'lifecycle',
    payload: {
      alertId: 'alert-1',
      triggerId: 'repeated-complaints',
      severity: 'high',
      from,
      to,
      alertVersion: 2,
      outcome: to === 'resolved' ? 'saved' : null,
      actor: 'agent-17',
      note: null,
      at: '2025-03-02T09:00:00.000Z',
    },
  };
  return event;
}

/** Remembers closes by alert id and claims by event id, like the Postgres recorder. */
class InMemoryClosedAlerts implements ClosedAlertRecorder {
  readonly closed = new Map<string, ClosedAlert>();
  private readonly claimed = new Set<string>();

  close(eventId: string, alert: ClosedAlert): Promise<'closed' | 'duplicate'> {
    if (this.claimed.has(eventId)) return Promise.resolve('duplicate');
    this.claimed.add(eventId);
    if (!this.closed.has(alert.alertId)) this.closed.set(alert.alertId, alert);
    return Promise.resolve('closed');
  }
}

describe('CloseAlertUseCase', () => {
  it.each([
    ['resolved', 'actioned'],
    ['expired', 'acknowledged'],
  ] as const)('closes an alert that became %s', async (to, from) => {
    const recorder = new InMemoryClosedAlerts();
    expect(await new CloseAlertUseCase(recorder).execute(statusChanged(to, from))).toBe('closed');
    expect(recorder.closed.get('alert-1')).toEqual({
      alertId: 'alert-1',
      customerId: 'cust-1',
      status: to,
      closedAt: new Date('2025-03-02T09:00:00.000Z'),
    });
  });

  it.each(['acknowledged', 'actioned'] as const)(
    'leaves an alert that became %s open: the action is still needed',
    async (to) => {
      const recorder = new InMemoryClosedAlerts();
      expect(await new CloseAlertUseCase(recorder).execute(statusChanged(to))).toBe('still-open');
      expect(recorder.closed.size).toBe(0);
    },
  );

  it('answers duplicate for a redelivered event', async () => {
    const useCase = new CloseAlertUseCase(new InMemoryClosedAlerts());
    await useCase.execute(statusChanged('resolved', 'actioned'));
    expect(await useCase.execute(statusChanged('resolved', 'actioned'))).toBe('duplicate');
  });

  it("closes on exactly the contract's final statuses", async () => {
    for (const to of alertWorkflowStatusSchema.options) {
      const outcome = await new CloseAlertUseCase(new InMemoryClosedAlerts()).execute(
        statusChanged(to),
      );
      expect({ to, closes: outcome === 'closed' }).toEqual({
        to,
        closes: FINAL_ALERT_STATUSES.has(to),
      });
    }
  });
});
