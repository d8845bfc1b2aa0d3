import fc from 'fast-check';
import { attritionAlertRaisedV1Schema } from '@cip/contracts';
import { toTriggerDefinition, type TriggerDefinition } from '../definitions/trigger-definition';
import { contactEvent } from '../evaluation/contact-event.fixtures';
import { evaluateContactEvent } from '../evaluation/evaluate-contact-event';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import { InMemoryCooldown } from '../evaluation/in-memory-cooldown';
import { UNKNOWN_PROFILE, type CustomerProfile } from '../severity/value-profile';
import { repeatedComplaintsStored } from '../testing.fixtures';
import { FireDueTimersUseCase } from './fire-due-timers.use-case';
import { InMemoryTriggerState } from './in-memory-trigger-state';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const unresolved = toTriggerDefinition(
  repeatedComplaintsStored({
    id: 'unresolved-complaint',
    severityRule: { kind: 'value-satisfaction-quadrant', whenUnknown: 'high' },
    deadlineHours: 24,
    condition: {
      kind: 'absence',
      after: { types: ['complaint.filed'] },
      missing: { types: ['complaint.resolved'] },
      within: { hours: 48 },
      correlateOn: 'complaintId',
    },
  }),
);

async function armed(
  state: InMemoryTriggerState,
  complaintId: string,
  customerId = 'cust-1',
  atMs = T0,
) {
  const filed = contactEvent(
    'complaint.filed',
    new Date(atMs),
    { complaintId, category: 'network', severity: 'high' },
    { customerId },
  );
  const evaluation = await evaluateContactEvent(filed, [unresolved], {
    cooldown: new InMemoryCooldown(),
    counts: state,
    now: new Date(atMs),
    profileOf: async () => UNKNOWN_PROFILE,
  });
  await state.record(filed.eventId, evaluation);
  return filed;
}

function setup(
  options: {
    definitions?: TriggerDefinition[];
    publishFailures?: number;
    profile?: CustomerProfile;
    batchSize?: number;
  } = {},
) {
  const state = new InMemoryTriggerState();
  const published: FiredTrigger[] = [];
  let failures = options.publishFailures ?? 0;
  let nowMs = T0;
  const useCase = new FireDueTimersUseCase({
    store: state,
    definitions: { get: async () => options.definitions ?? [unresolved] },
    cooldown: new InMemoryCooldown(),
    clock: { now: () => new Date(nowMs) },
    profiles: { profileOf: async () => options.profile ?? UNKNOWN_PROFILE },
    batchSize: options.batchSize,
    publisher: {
      publish: async (fired) => {
        if (failures-- > 0) throw new Error('broker down');
        published.push(...fired);
      },
    },
  });
  return { state, published, useCase, setNow: (ms: number) => (nowMs = ms) };
}

describe('FireDueTimersUseCase', () => {
  it('fires nothing before the due time, then an alert raised at the due time', async () => {
    const { state, published, useCase, setNow } = setup();
    const filed = await armed(state, 'C-1');
    setNow(T0 + 47 * HOUR);
    expect(await useCase.tick()).toBe(0);
    setNow(T0 + 50 * HOUR);
    expect(await useCase.tick()).toBe(1);
    expect(published).toHaveLength(1);
    const alert = attritionAlertRaisedV1Schema.parse(published[0]!.alert!.event);
    expect(alert.occurredAt).toBe(new Date(T0 + 48 * HOUR).toISOString());
    expect(alert.correlationId).toBe(filed.correlationId);
    expect(alert.payload).toMatchObject({
      severity: 'high',
      deadline: new Date(T0 + 72 * HOUR).toISOString(),
      evidence: expect.objectContaining({ afterEventId: filed.eventId, correlationKey: 'C-1' }),
    });
    expect(state.statusesOf('cust-1')).toEqual({ 'unresolved-complaint:C-1': 'fired' });
    expect(await useCase.tick()).toBe(0);
  });

  it('a publish failure leaves the timer armed; the re-fire has the same ids', async () => {
    const { state, published, useCase, setNow } = setup({ publishFailures: 1 });
    await armed(state, 'C-1');
    setNow(T0 + 49 * HOUR);
    await expect(useCase.tick()).rejects.toThrow('broker down');
    expect(state.statusesOf('cust-1')).toEqual({ 'unresolved-complaint:C-1': 'armed' });
    expect(await useCase.tick()).toBe(1);
    expect(published).toHaveLength(1);
    expect(state.alerts.size).toBe(1);
    expect([...state.alerts.keys()]).toEqual([published[0]!.alert!.record.alertId]);
  });

  it('a second timer of the pair inside the cooldown is suppressed', async () => {
    const { state, published, useCase, setNow } = setup();
    await armed(state, 'C-1');
    await armed(state, 'C-2');
    setNow(T0 + 49 * HOUR);
    expect(await useCase.tick()).toBe(2);
    expect(published).toHaveLength(1);
    expect(Object.values(state.statusesOf('cust-1')).sort()).toEqual(['fired', 'suppressed']);
  });

  it('a timer whose trigger was disabled or removed is dropped', async () => {
    const { state, published, useCase, setNow } = setup({
      definitions: [{ ...unresolved, enabled: false }],
    });
    await armed(state, 'C-1');
    setNow(T0 + 49 * HOUR);
    await useCase.tick();
    expect(published).toEqual([]);
    expect(state.statusesOf('cust-1')).toEqual({ 'unresolved-complaint:C-1': 'dropped' });
  });

  it.each([
    [{ valueTier: 'vip', satisfaction: 'low' }, 'critical'],
    [{ valueTier: 'key', satisfaction: 'high' }, 'high'],
    [{ valueTier: 'ordinary', satisfaction: 'high' }, 'medium'],
    [{ valueTier: 'small', satisfaction: 'low' }, 'low'],
    [{ valueTier: 'vip', satisfaction: 'unknown' }, 'high'],
  ] as Array<[CustomerProfile, string]>)(
    'severity by quadrant: %j → %s',
    async (profile, severity) => {
      const { state, published, useCase, setNow } = setup({ profile });
      await armed(state, 'C-1');
      setNow(T0 + 49 * HOUR);
      await useCase.tick();
      expect(published[0]).toMatchObject({ severity });
      expect(published[0]!.alert!.event.payload.valueTier).toBe(profile.valueTier);
    },
  );

  it('a claimed batch reads the profiles once and asks every cooldown in one call, in due order', async () => {
    const state = new InMemoryTriggerState();
    const reference = new InMemoryCooldown();
    const asked: number[] = [];
    const profileReads: string[][] = [];
    const published: FiredTrigger[][] = [];
    const useCase = new FireDueTimersUseCase({
      store: state,
      definitions: { get: async () => [unresolved] },
      cooldown: {
        isCoolingDown: () => Promise.reject(new Error('asked one by one')),
        areCoolingDown: async (requests) => {
          asked.push(requests.length);
          const answers: boolean[] = [];
          for (const r of requests) answers.push(await reference.isCoolingDown(r));
          return answers;
        },
      },
      clock: { now: () => new Date(T0 + 49 * HOUR) },
      profiles: {
        profileOf: () => Promise.reject(new Error('read one by one')),
        profilesOf: async (ids) => {
          profileReads.push([...ids]);
          return new Map(ids.map((id) => [id, { valueTier: 'vip', satisfaction: 'low' } as const]));
        },
      },
      publisher: { publish: async (fired) => void published.push([...fired]) },
    });
    await armed(state, 'C-1', 'cust-1');
    await armed(state, 'C-2', 'cust-1'); // same pair, inside the cooldown
    await armed(state, 'C-3', 'cust-2');
    expect(await useCase.tick()).toBe(3);
    expect(asked).toEqual([3]);
    expect(profileReads).toEqual([['cust-1', 'cust-2']]);
    expect(published).toHaveLength(1);
    expect(published[0]!.map((f) => [f.triggerFired.customerId, f.severity])).toEqual([
      ['cust-1', 'critical'],
      ['cust-2', 'critical'],
    ]);
    expect(Object.values(state.statusesOf('cust-1')).sort()).toEqual(['fired', 'suppressed']);
    expect(state.statusesOf('cust-2')).toEqual({ 'unresolved-complaint:C-3': 'fired' });
  });

  it('any batch size fires, suppresses and drops what one timer at a time does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            customer: fc.constantFrom('cust-a', 'cust-b', 'cust-c'),
            hour: fc.integer({ min: 0, max: 20 * 24 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.integer({ min: 2, max: 10 }),
        async (draws, batchSize) => {
          const run = async (size: number) => {
            const { state, published, useCase, setNow } = setup({ batchSize: size });
            for (const [i, d] of draws.entries())
              await armed(state, `C-${i}`, d.customer, T0 + d.hour * HOUR);
            setNow(T0 + 30 * 24 * HOUR);
            while ((await useCase.tick()) > 0);
            return {
              // Event ids are random per run: a firing is told apart by customer and complaint.
              fired: published.map((f) => [
                f.triggerFired.customerId,
                f.alert?.record.evidence['correlationKey'],
                f.triggerFired.occurredAt,
                f.severity,
              ]),
              statuses: ['cust-a', 'cust-b', 'cust-c'].map((c) => state.statusesOf(c)),
            };
          };
          expect(await run(batchSize)).toEqual(await run(1));
        },
      ),
      { numRuns: 100 },
    );
  });
});
