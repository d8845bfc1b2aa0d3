import { reviewDueAt } from './alert-review.policy';
import type { AlertWorkflowStore } from './alert-workflow.ports';
import { ExpireDueAlertsUseCase } from './expire-due-alerts.use-case';
import { TransitionAlertUseCase } from './transition-alert.use-case';
import type { AppliedTransition, WorkflowAlert } from './workflow-alert';

const NOW = new Date('2025-03-10T00:00:00.000Z');

function alert(id: string, deadline: Date | null, status: WorkflowAlert['status'] = 'open') {
  const raisedAt = new Date('2025-03-01T00:00:00.000Z');
  return {
    alertId: id,
    customerId: 'cust-1',
    triggerId: 't',
    severity: 'high',
    status,
    version: 1,
    raisedAt,
    deadline,
    reviewDueAt: reviewDueAt(raisedAt),
    acknowledgedAt: null,
    actionedAt: null,
    resolvedAt: null,
    expiredAt: null,
    outcome: null,
  } satisfies WorkflowAlert;
}

/** In-memory store with the adapter's selection rule (pending, deadline ≤ now, oldest first). */
function store(alerts: WorkflowAlert[]) {
  const rows = new Map(alerts.map((a) => [a.alertId, a]));
  const history: AppliedTransition['transition'][] = [];
  const batches: number[] = [];
  const impl: AlertWorkflowStore = {
    transition: async (id, decide) => {
      const current = rows.get(id);
      if (!current) return null;
      const applied = decide(current);
      rows.set(id, applied.alert);
      history.push(applied.transition);
      return applied;
    },
    expireDue: async (now, limit, decide) => {
      const due = [...rows.values()]
        .filter(
          (a) =>
            (a.status === 'open' || a.status === 'acknowledged') &&
            a.deadline !== null &&
            a.deadline <= now,
        )
        .slice(0, limit);
      batches.push(due.length);
      return due.flatMap((a) => {
        const applied = decide(a);
        if (!applied) return [];
        rows.set(a.alertId, applied.alert);
        history.push(applied.transition);
        return [applied];
      });
    },
  };
  return { impl, rows, history, batches };
}

describe('ExpireDueAlertsUseCase', () => {
  it('expires every due alert batch by batch, and nothing that is not due', async () => {
    const past = new Date('2025-03-09T00:00:00.000Z');
    const s = store([
      alert('a1', past),
      alert('a2', past, 'acknowledged'),
      alert('a3', past),
      alert('a4', new Date('2025-03-11T00:00:00.000Z')),
      alert('a5', null),
      alert('a6', past, 'actioned'),
    ]);
    const expired = await new ExpireDueAlertsUseCase({
      store: s.impl,
      clock: { now: () => NOW },
      batchSize: 2,
    }).execute();
    expect(expired.map((e) => e.alert.alertId).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(s.batches).toEqual([2, 1]);
    expect([...s.rows.values()].map((a) => [a.alertId, a.status])).toEqual([
      ['a1', 'expired'],
      ['a2', 'expired'],
      ['a3', 'expired'],
      ['a4', 'open'],
      ['a5', 'open'],
      ['a6', 'actioned'],
    ]);
    expect(s.history).toHaveLength(3);
  });
});

describe('TransitionAlertUseCase', () => {
  it('applies a person’s transition at the clock’s time, and 404s an unknown alert', async () => {
    const s = store([alert('a1', new Date('2025-03-11T00:00:00.000Z'))]);
    const useCase = new TransitionAlertUseCase({ store: s.impl, clock: { now: () => NOW } });
    const applied = await useCase.execute('a1', { to: 'acknowledged', actor: 'sup-1' });
    expect(applied.transition).toMatchObject({ from: 'open', to: 'acknowledged', at: NOW });
    await expect(useCase.execute('nope', { to: 'acknowledged', actor: 'x' })).rejects.toMatchObject(
      { code: 'ALERT_NOT_FOUND' },
    );
    // A person cannot use the sweep's edge.
    await expect(useCase.execute('a1', { to: 'expired', actor: 'x' })).rejects.toMatchObject({
      code: 'ILLEGAL_ALERT_TRANSITION',
    });
  });
});
