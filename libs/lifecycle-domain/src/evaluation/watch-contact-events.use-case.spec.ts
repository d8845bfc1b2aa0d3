import { toTriggerDefinition } from '../definitions/trigger-definition';
import { repeatedComplaintsStored } from '../testing.fixtures';
import { InMemoryTriggerState } from '../timers/in-memory-trigger-state';
import { contactEvent } from './contact-event.fixtures';
import type { FiredTrigger } from './fired-trigger';
import { InMemoryCooldown } from './in-memory-cooldown';
import { WatchContactEventsUseCase } from './watch-contact-events.use-case';

const cancellation = toTriggerDefinition(
  repeatedComplaintsStored({
    id: 'cancellation-request',
    condition: { kind: 'event', event: { types: ['contract.cancellation-requested'] } },
  }),
);
const request = contactEvent('contract.cancellation-requested', '2025-03-01T10:00:00.000Z', {
  contractId: 'K-1',
  reason: 'competitor',
});

function setup(publishFailures = 0) {
  const state = new InMemoryTriggerState();
  const published: FiredTrigger[] = [];
  let failures = publishFailures;
  const useCase = new WatchContactEventsUseCase({
    processed: state,
    recorder: state,
    counts: state,
    definitions: { get: async () => [cancellation] },
    cooldown: new InMemoryCooldown(),
    clock: { now: () => new Date('2025-03-01T12:00:00.000Z') },
    publisher: {
      publish: async (fired) => {
        if (failures-- > 0) throw new Error('broker down');
        published.push(...fired);
      },
    },
  });
  return { state, published, useCase };
}

describe('WatchContactEventsUseCase', () => {
  it('publishes then records once; a redelivery is skipped by the inbox', async () => {
    const { state, published, useCase } = setup();
    const result = await useCase.execute(request);
    expect(result.status === 'evaluated' && result.fired.map((f) => f.triggerId)).toEqual([
      'cancellation-request',
    ]);
    expect(await useCase.execute(request)).toEqual({ status: 'already-processed' });
    expect(published).toHaveLength(1);
    expect(state.alerts.size).toBe(1);
  });

  it('a publish failure records nothing; the retry fires the same alert', async () => {
    const { state, published, useCase } = setup(1);
    await expect(useCase.execute(request)).rejects.toThrow('broker down');
    expect(state.processed.size).toBe(0);
    await useCase.execute(request);
    expect(published).toHaveLength(1);
    expect([...state.alerts.keys()]).toEqual([published[0]!.alert!.record.alertId]);
  });
});
