import { ATTRITION_ALERT_RAISED, TRIGGER_FIRED } from '@cip/contracts';
import { BUILT_IN_TRIGGERS } from '../catalog/built-in-triggers';
import { toTriggerDefinition } from '../definitions/trigger-definition';
import { agentDepartureId, type AgentDeparture } from './agent-departure';
import { planDepartureFirings } from './plan-departure-firings';

const LEFT_AT = new Date('2026-03-01T09:00:00.000Z');
const RECORDED_AT = new Date('2026-03-02T10:00:00.000Z');
const NOW = new Date('2026-03-02T10:00:05.000Z');

const departure: AgentDeparture = {
  departureId: agentDepartureId('agent-7', LEFT_AT),
  agentId: 'agent-7',
  leftAt: LEFT_AT,
  successorAgentId: 'agent-8',
  reason: 'resigned',
  recordedAt: RECORDED_AT,
  status: 'pending',
  customersFound: 2,
  customersAlerted: 0,
  customersSkipped: 0,
  completedAt: null,
};

const catalog = BUILT_IN_TRIGGERS.map(toTriggerDefinition);

describe('planDepartureFirings', () => {
  const plan = (definitions = catalog) =>
    planDepartureFirings({
      departure,
      customerIds: ['cust-vip', 'cust-new'],
      definitions,
      profiles: new Map([['cust-vip', { valueTier: 'vip', satisfaction: 'low' }]]),
      now: NOW,
    });

  it('fires service-agent-left, and only it, for every customer of the page', () => {
    const settlements = plan();
    expect(
      settlements.map((s) => [s.customerId, s.outcome, s.fired.map((f) => f.triggerId)]),
    ).toEqual([
      ['cust-vip', 'alerted', ['service-agent-left']],
      ['cust-new', 'alerted', ['service-agent-left']],
    ]);
  });

  it('takes severity from the value × satisfaction rule and sets a 7-day deadline from recording', () => {
    const [vip, unknown] = plan().map((s) => s.fired[0]);
    expect(vip?.severity).toBe('critical'); // high value + low satisfaction
    expect(unknown?.severity).toBe('high'); // whenUnknown
    expect(vip?.raisedAt).toEqual(RECORDED_AT);
    expect(vip?.deadline).toEqual(new Date(RECORDED_AT.getTime() + 7 * 86_400_000));
  });

  it('publishes trigger.fired as a service firing and always tracks an alert', () => {
    const fired = plan()[0]?.fired[0];
    if (fired === undefined) throw new Error('no firing');
    expect(fired.triggerFired).toMatchObject({
      type: TRIGGER_FIRED,
      customerId: 'cust-vip',
      causationId: departure.departureId,
      payload: { triggerId: 'service-agent-left', programme: 'service', severity: 'critical' },
    });
    expect(fired.triggerFired.payload.reason).toContain('Agent agent-7 left');
    expect(fired.alert?.event.type).toBe(ATTRITION_ALERT_RAISED);
    expect(fired.alert?.record).toMatchObject({
      customerId: 'cust-vip',
      triggerId: 'service-agent-left',
      causedByEventId: departure.departureId,
      valueTier: 'vip',
      evidence: {
        departureId: departure.departureId,
        agentId: 'agent-7',
        successorAgentId: 'agent-8',
        departureReason: 'resigned',
        satisfaction: 'low',
      },
    });
  });

  it('rebuilds identical ids and payloads on a retry, distinct per customer', () => {
    const first = plan().flatMap((s) => s.fired);
    const again = plan().flatMap((s) => s.fired);
    expect(again).toEqual(first);
    const ids = first.map((f) => f.alert?.record.alertId);
    expect(new Set(ids).size).toBe(2);
  });

  it('fires when the agent actually leaves if the departure was announced ahead', () => {
    const ahead = { ...departure, leftAt: new Date('2026-03-10T00:00:00.000Z') };
    const [settlement] = planDepartureFirings({
      departure: ahead,
      customerIds: ['c'],
      definitions: catalog,
      profiles: new Map(),
      now: new Date('2026-03-10T00:00:01.000Z'),
    });
    expect(settlement?.fired[0]?.raisedAt).toEqual(ahead.leftAt);
  });

  it('settles customers as skipped while no departure trigger is enabled', () => {
    const disabled = catalog.map((d) =>
      d.id === 'service-agent-left' ? { ...d, enabled: false } : d,
    );
    expect(plan(disabled).map((s) => [s.outcome, s.fired.length])).toEqual([
      ['skipped', 0],
      ['skipped', 0],
    ]);
  });
});
