import { toTriggerDefinition } from '../definitions/trigger-definition';
import { InMemoryCooldown } from '../evaluation/in-memory-cooldown';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import { membershipChanged, repeatedComplaintsStored } from '../testing.fixtures';
import { RaiseAlertsUseCase } from './raise-alerts.use-case';

function setup(publishFailures = 0) {
  const processed = new Set<string>();
  const published: FiredTrigger[] = [];
  const alerts = new Map<string, FiredTrigger>();
  let failures = publishFailures;
  const useCase = new RaiseAlertsUseCase({
    processed: { isProcessed: async (id) => processed.has(id) },
    definitions: { get: async () => [toTriggerDefinition(repeatedComplaintsStored())] },
    cooldown: new InMemoryCooldown(),
    clock: { now: () => new Date('2025-03-01T12:00:00.000Z') },
    publisher: {
      publish: async (fired) => {
        if (failures-- > 0) throw new Error('broker down');
        published.push(...fired);
      },
    },
    recorder: {
      record: async (eventId, fired) => {
        processed.add(eventId);
        for (const f of fired) if (f.alert) alerts.set(f.alert.record.alertId, f);
      },
    },
  });
  return { useCase, published, alerts };
}

describe('RaiseAlertsUseCase', () => {
  it('publishes then records once; a redelivery is skipped by the inbox', async () => {
    const { useCase, published, alerts } = setup();
    expect((await useCase.execute(membershipChanged())).status).toBe('evaluated');
    expect(await useCase.execute(membershipChanged())).toEqual({ status: 'already-processed' });
    expect(published).toHaveLength(1);
    expect(alerts.size).toBe(1);
  });

  it('a publish failure records nothing, and the retry still fires (its own reservation does not block it)', async () => {
    const { useCase, published, alerts } = setup(1);
    await expect(useCase.execute(membershipChanged())).rejects.toThrow('broker down');
    expect(alerts.size).toBe(0);
    const retry = await useCase.execute(membershipChanged());
    expect(retry.status === 'evaluated' && retry.fired).toHaveLength(1);
    expect(published).toHaveLength(1);
    expect(alerts.size).toBe(1);
  });
});

describe('RaiseAlertsUseCase with customer profiles', () => {
  it('learns from the change before evaluating, so severity and value tier use it', async () => {
    const learnt: string[] = [];
    const useCase = new RaiseAlertsUseCase({
      processed: { isProcessed: async () => false },
      definitions: { get: async () => [toTriggerDefinition(repeatedComplaintsStored())] },
      cooldown: new InMemoryCooldown(),
      clock: { now: () => new Date('2025-03-01T12:00:00.000Z') },
      publisher: { publish: async () => undefined },
      recorder: { record: async () => undefined },
      profiles: {
        learnFrom: async (change) => {
          learnt.push(change.eventId);
        },
        profileOf: async () =>
          learnt.length > 0
            ? { valueTier: 'vip', satisfaction: 'low' }
            : { valueTier: 'unknown', satisfaction: 'unknown' },
      },
    });
    const result = await useCase.execute(membershipChanged());
    expect(learnt).toEqual(['mship-1']);
    expect(result.status === 'evaluated' && result.fired[0]).toMatchObject({
      severity: 'critical',
      alert: { event: { payload: { valueTier: 'vip' } } },
    });
  });
});
