import { BUILT_IN_TRIGGERS } from '../catalog/built-in-triggers';
import { toTriggerDefinition } from '../definitions/trigger-definition';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import { agentDepartureId, type AgentDeparture } from './agent-departure';
import type {
  DeparturePage,
  DepartureSettlement,
  DepartureWorkStore,
} from './agent-departure.ports';
import { ProcessAgentDeparturesUseCase } from './process-agent-departures.use-case';

const NOW = new Date('2026-03-02T10:00:00.000Z');

/** One departure and its customers in memory; `failCommit` simulates a crash before the commit. */
class InMemoryWork implements DepartureWorkStore {
  readonly pending: string[];
  readonly settled = new Map<string, DepartureSettlement>();
  failCommit = false;

  constructor(
    readonly departure: AgentDeparture,
    customers: readonly string[],
  ) {
    this.pending = [...customers].sort();
  }

  async settleNextPage(
    now: Date,
    limit: number,
    settle: (page: DeparturePage) => Promise<DepartureSettlement[]>,
  ): Promise<boolean> {
    if (this.departure.status === 'completed' || this.departure.leftAt > now) return false;
    const page = this.pending.slice(0, limit);
    const settlements = await settle({ departure: this.departure, customerIds: page });
    if (this.failCommit) throw new Error('crash before commit');
    for (const s of settlements) this.settled.set(s.customerId, s);
    this.pending.splice(0, page.length);
    if (page.length < limit) this.departure.status = 'completed';
    return true;
  }
}

const departureOf = (leftAt: Date): AgentDeparture => ({
  departureId: agentDepartureId('agent-7', leftAt),
  agentId: 'agent-7',
  leftAt,
  successorAgentId: null,
  reason: null,
  recordedAt: NOW,
  status: 'pending',
  customersFound: 5,
  customersAlerted: 0,
  customersSkipped: 0,
  completedAt: null,
});

describe('ProcessAgentDeparturesUseCase', () => {
  const setup = (work: InMemoryWork) => {
    const published: FiredTrigger[] = [];
    const useCase = new ProcessAgentDeparturesUseCase({
      store: work,
      definitions: { get: async () => BUILT_IN_TRIGGERS.map(toTriggerDefinition) },
      profiles: {
        profileOf: async () => ({ valueTier: 'unknown', satisfaction: 'unknown' }),
      },
      publisher: {
        publish: async (fired) => {
          published.push(...fired);
        },
      },
      clock: { now: () => NOW },
      pageSize: 2,
    });
    return { useCase, published };
  };

  it('settles every customer page by page, publishing each firing', async () => {
    const work = new InMemoryWork(departureOf(new Date('2026-03-01T00:00:00Z')), [
      'c1',
      'c2',
      'c3',
      'c4',
      'c5',
    ]);
    const { useCase, published } = setup(work);
    const ticks: boolean[] = [];
    for (let i = 0; i < 4; i += 1) ticks.push(await useCase.tick());
    expect(ticks).toEqual([true, true, true, false]);
    expect([...work.settled.keys()].sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(published.map((f) => f.triggerFired.customerId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(work.departure.status).toBe('completed');
  });

  it('after a crash before the commit, the retry publishes the very same events', async () => {
    const work = new InMemoryWork(departureOf(new Date('2026-03-01T00:00:00Z')), ['c1']);
    const { useCase, published } = setup(work);
    work.failCommit = true;
    await expect(useCase.tick()).rejects.toThrow('crash before commit');
    work.failCommit = false;
    await useCase.tick();
    expect(published).toHaveLength(2);
    expect(published[1]).toEqual(published[0]);
    expect(work.settled.get('c1')?.outcome).toBe('alerted');
  });

  it('waits for a departure announced ahead of time', async () => {
    const work = new InMemoryWork(departureOf(new Date('2026-03-09T00:00:00Z')), ['c1']);
    const { useCase, published } = setup(work);
    expect(await useCase.tick()).toBe(false);
    expect(published).toEqual([]);
  });
});
