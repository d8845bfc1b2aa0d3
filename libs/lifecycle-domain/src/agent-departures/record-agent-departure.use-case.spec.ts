import { LifecycleError } from '../lifecycle-error';
import type { AgentDeparture, NewAgentDeparture } from './agent-departure';
import type { AgentDepartureStore, RecordedDeparture } from './agent-departure.ports';
import { RecordAgentDepartureUseCase } from './record-agent-departure.use-case';

class InMemoryDepartures implements AgentDepartureStore {
  readonly rows = new Map<string, AgentDeparture>();

  record(departure: NewAgentDeparture): Promise<RecordedDeparture> {
    const existing = this.rows.get(departure.departureId);
    if (existing) return Promise.resolve({ departure: existing, created: false });
    const row: AgentDeparture = {
      ...departure,
      status: 'pending',
      customersFound: 3,
      customersAlerted: 0,
      customersSkipped: 0,
      completedAt: null,
    };
    this.rows.set(row.departureId, row);
    return Promise.resolve({ departure: row, created: true });
  }

  get(departureId: string): Promise<AgentDeparture | null> {
    return Promise.resolve(this.rows.get(departureId) ?? null);
  }
}

const NOW = new Date('2026-03-02T10:00:00.000Z');

describe('RecordAgentDepartureUseCase', () => {
  const setup = () => {
    const store = new InMemoryDepartures();
    return {
      store,
      useCase: new RecordAgentDepartureUseCase({ store, clock: { now: () => NOW } }),
    };
  };

  const codeOf = async (promise: Promise<unknown>) => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LifecycleError);
    return err as LifecycleError;
  };

  it('records a departure once: a repeated request finds the same one', async () => {
    const { useCase, store } = setup();
    const body = {
      agentId: 'agent-7',
      leftAt: '2026-03-01T09:00:00Z',
      successorAgentId: 'agent-8',
    };
    const first = await useCase.execute(body);
    const again = await useCase.execute(body);
    expect(first.created).toBe(true);
    expect(again).toEqual({ departure: first.departure, created: false });
    expect(store.rows.size).toBe(1);
    expect(first.departure).toMatchObject({
      agentId: 'agent-7',
      leftAt: new Date('2026-03-01T09:00:00Z'),
      successorAgentId: 'agent-8',
      reason: null,
      recordedAt: NOW,
    });
    expect(first.departure.departureId).toMatch(/^agent-departure-[0-9a-f]{32}$/);
  });

  it('refuses the same departure with other details (409)', async () => {
    const { useCase } = setup();
    await useCase.execute({ agentId: 'agent-7', leftAt: '2026-03-01T09:00:00Z' });
    const err = await codeOf(
      useCase.execute({ agentId: 'agent-7', leftAt: '2026-03-01T09:00:00Z', reason: 'fired' }),
    );
    expect(err.code).toBe('AGENT_DEPARTURE_CONFLICT');
  });

  it.each([
    ['no agent', { leftAt: '2026-03-01T09:00:00Z' }, '/agentId'],
    ['a bad time', { agentId: 'a', leftAt: 'yesterday' }, '/leftAt'],
    ['an unknown field', { agentId: 'a', leftAt: '2026-03-01T09:00:00Z', team: 'x' }, '/'],
    [
      'the agent as own successor',
      { agentId: 'a', leftAt: '2026-03-01T09:00:00Z', successorAgentId: 'a' },
      '/successorAgentId',
    ],
    [
      'an agent id over 64 characters',
      { agentId: 'a'.repeat(65), leftAt: NOW.toISOString() },
      '/agentId',
    ],
    ['a departure over a year ahead', { agentId: 'a', leftAt: '2027-03-05T00:00:00Z' }, '/leftAt'],
  ])('refuses %s with INVALID_AGENT_DEPARTURE naming the field', async (_label, body, path) => {
    const { useCase, store } = setup();
    const err = await codeOf(useCase.execute(body));
    expect(err.code).toBe('INVALID_AGENT_DEPARTURE');
    const issues = (err.details?.['issues'] ?? []) as Array<{ path: string }>;
    expect(issues.map((i) => i.path)).toContain(path);
    expect(store.rows.size).toBe(0);
  });

  it('answers AGENT_DEPARTURE_NOT_FOUND for an unknown id', async () => {
    const err = await codeOf(setup().useCase.get('agent-departure-nope'));
    expect(err.code).toBe('AGENT_DEPARTURE_NOT_FOUND');
  });
});
