import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  evaluateContactEvent,
  FireDueTimersUseCase,
  InMemoryCooldown,
  InMemoryTriggerState,
  toTriggerDefinition,
  UNKNOWN_PROFILE,
  WatchContactEventsUseCase,
  type ContactEventRecorder,
  type DueTimerStore,
  type EventCountLookup,
  type StoredTriggerDefinition,
  type TriggerDefinition,
} from '@cip/lifecycle-domain';
import {
  SEGMENT_MEMBERSHIP_CHANGED,
  type ContactEvent,
  type SegmentMembershipChangedV1,
} from '@cip/contracts';
import { createDataSource, runMigrations } from '@cip/persistence';
import { newIsolation, serviceEnv, testInfra } from '@cip/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PostgresAbsenceTimerStore } from './postgres-absence-timer.store';
import { PostgresAlertRecords } from './postgres-alert.records';
import { PostgresContactEventRecords } from './postgres-contact-event.records';
import { PostgresCustomerProfiles } from './postgres-customer.profiles';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2025-03-01T10:00:00.000Z');

const definition = (id: string, condition: unknown): TriggerDefinition =>
  toTriggerDefinition({
    id,
    programme: 'anti-attrition',
    description: id,
    condition,
    cooldownSeconds: 0,
    severityRule: { kind: 'fixed', severity: 'high' },
    deadlineHours: null,
    suggestedStrategy: 'x',
    enabled: true,
  } satisfies StoredTriggerDefinition);

const CATALOG = [
  definition('unresolved', {
    kind: 'absence',
    after: { types: ['complaint.filed'] },
    missing: { types: ['complaint.resolved'] },
    within: { hours: 48 },
    correlateOn: 'complaintId',
  }),
  definition('second-purchase', {
    kind: 'absence',
    after: { types: ['purchase.completed'] },
    missing: { types: ['purchase.completed'] },
    within: { days: 30 },
    armOnce: true,
  }),
  definition('inactive', {
    kind: 'absence',
    after: { types: ['purchase.completed'] },
    missing: { types: ['purchase.completed'] },
    within: { days: 20 },
  }),
  definition('incidents', {
    kind: 'event-count',
    event: { types: ['service.incident'] },
    atLeast: 2,
    within: { days: 7 },
  }),
];

/**
 * The Postgres adapters against the in-memory reference (InMemoryTriggerState) on the same
 * histories: same firings, same timer outcomes. Real Postgres, one isolated schema.
 */
describe('Postgres trigger state (timers, event counts, value profile) = the reference', () => {
  const infra = testInfra();
  const isolation = newIsolation('lcstate');
  let config: ServiceConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true' }),
    );
    await runMigrations('lifecycle', config);
    dataSource = await createDataSource('lifecycle', config).initialize();
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
    await dataSource?.destroy();
  });

  let sequence = 0;
  function event<T extends ContactEvent['type']>(
    customerId: string,
    type: T,
    ms: number,
    payload: Extract<ContactEvent, { type: T }>['payload'],
  ): ContactEvent {
    sequence += 1;
    return {
      eventId: `ce-${randomUUID()}-${sequence}`,
      type,
      version: 1,
      occurredAt: new Date(T0 + ms).toISOString(),
      customerId,
      source: 'int-spec',
      payload,
    } as ContactEvent;
  }

  type Store = ContactEventRecorder & EventCountLookup & DueTimerStore;

  /**
   * Runs `history` through a store (one by one, or as one batch through the use case with the
   * Postgres inbox, then the same batch again as a redelivery), then fires due timers at
   * `until`; the fired trigger ids.
   */
  async function run(
    store: Store,
    history: ContactEvent[],
    until: number,
    batch?: { consumer: string },
  ): Promise<string[]> {
    const fired: string[] = [];
    const cooldown = new InMemoryCooldown();
    if (batch) {
      const latest = Math.max(...history.map((e) => Date.parse(e.occurredAt)));
      const useCase = new WatchContactEventsUseCase({
        processed: new PostgresAlertRecords(dataSource, batch.consumer),
        recorder: store,
        counts: store,
        definitions: { get: async () => CATALOG },
        cooldown,
        clock: { now: () => new Date(latest) },
        publisher: { publish: async (f) => void fired.push(...f.map((x) => x.triggerId)) },
      });
      await useCase.executeBatch(history);
      await useCase.executeBatch(history);
    }
    for (const e of batch ? [] : history) {
      const evaluation = await evaluateContactEvent(e, CATALOG, {
        cooldown,
        counts: store,
        now: new Date(e.occurredAt),
        profileOf: async () => UNKNOWN_PROFILE,
      });
      await store.record(e.eventId, evaluation);
      fired.push(...evaluation.fired.map((f) => f.triggerId));
    }
    const timers = new FireDueTimersUseCase({
      store,
      definitions: { get: async () => CATALOG },
      cooldown,
      clock: { now: () => new Date(T0 + until) },
      publisher: { publish: async (f) => void fired.push(...f.map((x) => x.triggerId)) },
    });
    while ((await timers.tick()) > 0) {
      // drain
    }
    return fired.sort();
  }

  const purchase = (c: string, ms: number) =>
    event(c, 'purchase.completed', ms, { amount: 10, currency: 'EUR', productId: 'P' });
  const filed = (c: string, ms: number, id: string) =>
    event(c, 'complaint.filed', ms, { complaintId: id, category: 'billing', severity: 'low' });
  const resolved = (c: string, ms: number, id: string) =>
    event(c, 'complaint.resolved', ms, { complaintId: id, resolution: 'fixed' });
  const incident = (c: string, ms: number) =>
    event(c, 'service.incident', ms, { kind: 'billing-error' });

  const HISTORIES = [
    [
      'a complaint resolved in time',
      (c: string) => [filed(c, 0, 'A'), resolved(c, 47 * HOUR, 'A')],
      3 * DAY,
    ],
    [
      'a complaint resolved too late',
      (c: string) => [filed(c, 0, 'A'), resolved(c, 50 * HOUR, 'A')],
      3 * DAY,
    ],
    [
      'another complaint resolved',
      (c: string) => [filed(c, 0, 'A'), resolved(c, HOUR, 'B')],
      3 * DAY,
    ],
    [
      'a resolution before the filing',
      (c: string) => [resolved(c, 0, 'A'), filed(c, HOUR, 'A')],
      3 * DAY,
    ],
    ['purchases 10 days apart', (c: string) => [purchase(c, 0), purchase(c, 10 * DAY)], 35 * DAY],
    ['purchases 25 days apart', (c: string) => [purchase(c, 0), purchase(c, 25 * DAY)], 60 * DAY],
    [
      'a redelivered purchase',
      (c: string) => {
        const p = purchase(c, 0);
        return [p, p];
      },
      40 * DAY,
    ],
    ['incidents 6 days apart', (c: string) => [incident(c, 0), incident(c, 6 * DAY)], DAY],
    ['incidents 8 days apart', (c: string) => [incident(c, 0), incident(c, 8 * DAY)], DAY],
    [
      'incidents out of order, the earliest pruned by a later one',
      (c: string) => [incident(c, 9 * DAY), incident(c, 0), incident(c, 8 * DAY)],
      DAY,
    ],
    [
      'two complaints, one resolved, a purchase between',
      (c: string) => [
        filed(c, 0, 'A'),
        purchase(c, HOUR),
        filed(c, 2 * HOUR, 'B'),
        resolved(c, 3 * HOUR, 'A'),
        purchase(c, 4 * HOUR),
      ],
      35 * DAY,
    ],
  ] as Array<[string, (customerId: string) => ContactEvent[], number]>;

  it.each(HISTORIES)(
    '%s: Postgres fires what the reference fires',
    async (_label, history, until) => {
      const customerId = `cust-${randomUUID().slice(0, 8)}`;
      const events = history(customerId);
      const reference = await run(new InMemoryTriggerState(), events, until);
      const records = new PostgresContactEventRecords(dataSource, `spec-${customerId}`);
      const store: Store = Object.assign(records, {
        settleDue: (...args: Parameters<DueTimerStore['settleDue']>) =>
          new PostgresAbsenceTimerStore(dataSource).settleDue(...args),
      });
      expect(await run(store, events, until)).toEqual(reference);
    },
  );

  it.each(HISTORIES)(
    '%s, as one batch (and its redelivery): Postgres fires what the reference fires one by one',
    async (_label, history, until) => {
      const customerId = `cust-${randomUUID().slice(0, 8)}`;
      const events = history(customerId);
      const reference = await run(new InMemoryTriggerState(), events, until);
      const records = new PostgresContactEventRecords(dataSource, `spec-${customerId}`);
      const store: Store = Object.assign(records, {
        settleDue: (...args: Parameters<DueTimerStore['settleDue']>) =>
          new PostgresAbsenceTimerStore(dataSource).settleDue(...args),
      });
      expect(await run(store, events, until, { consumer: `spec-${customerId}` })).toEqual(
        reference,
      );
    },
  );

  it('the value profile: newest change per dimension wins, an exit withdraws only its own value', async () => {
    const profiles = new PostgresCustomerProfiles(dataSource);
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const change = (
      segmentId: string,
      ms: number,
      kind: 'entered' | 'exited' = 'entered',
    ): SegmentMembershipChangedV1 => ({
      eventId: `m-${randomUUID()}`,
      type: SEGMENT_MEMBERSHIP_CHANGED,
      version: 1,
      occurredAt: new Date(T0 + ms).toISOString(),
      customerId,
      source: 'segmentation',
      payload: {
        segmentId,
        definitionVersion: 1,
        change: kind,
        triggeringEventId: 'c',
        reason: { summary: '', values: {} },
      },
    });
    expect(await profiles.profileOf(customerId)).toEqual(UNKNOWN_PROFILE);
    await profiles.learnFrom(change('value-tier.vip', 2 * DAY));
    await profiles.learnFrom(change('value-tier.ordinary', DAY)); // older, replayed late
    await profiles.learnFrom(change('value-satisfaction.win-back', DAY));
    await profiles.learnFrom(change('some-other-segment', 3 * DAY));
    expect(await profiles.profileOf(customerId)).toEqual({ valueTier: 'vip', satisfaction: 'low' });
    await profiles.learnFrom(change('value-tier.key', 3 * DAY, 'exited')); // not its tier
    expect((await profiles.profileOf(customerId)).valueTier).toBe('vip');
    await profiles.learnFrom(change('value-tier.vip', 3 * DAY, 'exited'));
    expect(await profiles.profileOf(customerId)).toEqual({
      valueTier: 'unknown',
      satisfaction: 'low',
    });
  });
});
