import { membershipChanged } from '../testing.fixtures';
import type { CustomerStage, StageChange } from './customer-stage';
import type { LifecycleStageStore } from './lifecycle-stage.ports';
import { TrackLifecycleStageUseCase } from './track-lifecycle-stage.use-case';

function setup(publishFailures = 0) {
  const processed = new Set<string>();
  const stages = new Map<string, CustomerStage>();
  const published: StageChange[] = [];
  let failures = publishFailures;
  const store: LifecycleStageStore = {
    isProcessed: async (id) => processed.has(id),
    current: async (customerId) => stages.get(customerId) ?? null,
    record: async (eventId, change) => {
      processed.add(eventId);
      if (change)
        stages.set(change.customerId, {
          customerId: change.customerId,
          stage: change.to,
          version: change.version,
          since: change.at,
          membershipEventId: change.membershipEventId,
        });
    },
    history: async () => [],
  };
  const useCase = new TrackLifecycleStageUseCase({
    store,
    publisher: {
      publish: async (change) => {
        if (failures-- > 0) throw new Error('broker down');
        published.push(change);
      },
    },
  });
  return { useCase, published, processed, stages };
}

describe('TrackLifecycleStageUseCase', () => {
  it('publishes each transition once; a redelivered old entry cannot move the customer back', async () => {
    const { useCase, published, stages } = setup();
    const toNew = membershipChanged({
      eventId: 'm1',
      segmentId: 'lifecycle-stage.new',
      occurredAt: '2025-01-01T00:00:00.000Z',
    });
    const toDeveloping = membershipChanged({
      eventId: 'm2',
      segmentId: 'lifecycle-stage.developing',
      occurredAt: '2025-04-01T00:00:00.000Z',
    });
    expect((await useCase.execute(toNew)).status).toBe('changed');
    expect((await useCase.execute(toDeveloping)).status).toBe('changed');
    expect(await useCase.execute(toNew)).toEqual({ status: 'already-processed' });
    expect(published.map((c) => [c.from, c.to, c.version])).toEqual([
      [null, 'new', 1],
      ['new', 'developing', 2],
    ]);
    expect(stages.get('cust-1')?.stage).toBe('developing');
  });

  it('ignores other segments and exits without touching the store', async () => {
    const { useCase, processed } = setup();
    expect(await useCase.execute(membershipChanged())).toEqual({ status: 'ignored' });
    expect(
      await useCase.execute(
        membershipChanged({ segmentId: 'lifecycle-stage.new', change: 'exited' }),
      ),
    ).toEqual({ status: 'ignored' });
    expect(processed.size).toBe(0);
  });

  it('records the inbox for an unchanged stage, without publishing', async () => {
    const { useCase, published, processed } = setup();
    await useCase.execute(membershipChanged({ eventId: 'm1', segmentId: 'lifecycle-stage.new' }));
    expect(
      await useCase.execute(membershipChanged({ eventId: 'm2', segmentId: 'lifecycle-stage.new' })),
    ).toEqual({ status: 'unchanged' });
    expect(published).toHaveLength(1);
    expect(processed.has('m2')).toBe(true);
  });

  it('a publish failure records nothing; the retry publishes the same event', async () => {
    const { useCase, published, processed } = setup(1);
    const entry = membershipChanged({ eventId: 'm1', segmentId: 'lifecycle-stage.lapsed' });
    await expect(useCase.execute(entry)).rejects.toThrow('broker down');
    expect(processed.size).toBe(0);
    const retry = await useCase.execute(entry);
    expect(retry.status).toBe('changed');
    expect(published).toHaveLength(1);
  });
});
