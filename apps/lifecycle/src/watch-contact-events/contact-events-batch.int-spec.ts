import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import { TOPICS, topicName, type ContactEvent } from '@cip/contracts';
import {
  BUILT_IN_TRIGGERS,
  InMemoryCooldown,
  InMemoryTriggerState,
  toTriggerDefinition,
  WatchContactEventsUseCase,
  type FiredTrigger,
} from '@cip/lifecycle-domain';
import { DATA_SOURCE, runMigrations } from '@cip/persistence';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
  waitForInbox,
} from '@cip/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LifecycleModule } from '../lifecycle.module';
import { CONTACT_EVENTS_CONSUMER } from '../lifecycle.tokens';

const MINUTE = 60_000;

/**
 * Partition batches of contact events on real Kafka, Redis and Postgres: a backlog produced
 * before the service starts arrives as whole partition batches, several events per customer
 * (repeats, out of order, redelivered ids among them). What the service publishes and stores
 * must equal the in-memory reference fed one event at a time; redeliveries change nothing.
 */
describe('lifecycle: contact events in partition batches', () => {
  const infra = testInfra();
  const isolation = newIsolation('lcbatch');
  let config: ServiceConfig;
  let app: NestFastifyApplication | undefined;
  let producer: Producer;
  let reader: TopicReader;
  let topics: { contact: string; triggers: string; alerts: string };
  const newCustomers = (n: number) =>
    Array.from({ length: n }, (_, i) => `cust-${i}-${randomUUID().slice(0, 6)}`);
  const customers = newCustomers(24);
  const start = Date.now();

  async function startApp(): Promise<NestFastifyApplication> {
    const started = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({
        config,
        logger: createLogger({ serviceName: 'lifecycle', level: 'warn' }),
        telemetry: startTelemetry({
          serviceName: 'lifecycle',
          otlpEndpoint: undefined,
          disabled: true,
        }),
        absenceTimerPollMs: 200,
      }),
      new FastifyAdapter(),
      { logger: false },
    );
    started.enableShutdownHooks();
    await started.init();
    return started;
  }

  const dataSource = () => app!.get<DataSource>(DATA_SOURCE);

  beforeAll(async () => {
    config = loadServiceConfig(
      'lifecycle',
      serviceEnv(infra, isolation, { OTEL_SDK_DISABLED: 'true' }),
    );
    const prefix = isolation.topicPrefix;
    topics = {
      contact: topicName(prefix, TOPICS.contactEvents),
      triggers: topicName(prefix, TOPICS.triggers),
      alerts: topicName(prefix, TOPICS.attritionAlerts),
    };
    await createTopics(infra.kafkaBrokers, prefix);
    await runMigrations('lifecycle', config);
    reader = await TopicReader.start(infra.kafkaBrokers, [topics.triggers, topics.alerts]);
    producer = new Kafka({
      clientId: 'lifecycle-batch-int-spec',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await reader?.stop();
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  let sequence = 0;
  function contact(customerId: string, kind: number, minutesAgo: number): ContactEvent {
    sequence += 1;
    const base = {
      eventId: `ce-${randomUUID()}`,
      version: 1 as const,
      occurredAt: new Date(start - minutesAgo * MINUTE).toISOString(),
      customerId,
      source: 'int-spec',
      correlationId: `corr-${sequence}`,
    };
    switch (kind % 6) {
      case 0:
        return {
          ...base,
          type: 'service.incident',
          payload: { kind: 'outage', durationMinutes: 90 },
        };
      case 1:
        return {
          ...base,
          type: 'complaint.filed',
          payload: { complaintId: 'C-1', category: 'billing', severity: 'low' },
        };
      case 2:
        return {
          ...base,
          type: 'complaint.resolved',
          payload: { complaintId: 'C-1', resolution: 'fixed' },
        };
      case 3:
        return {
          ...base,
          type: 'contract.cancellation-requested',
          payload: { contractId: 'K-1', reason: 'competitor' },
        };
      case 4:
        return {
          ...base,
          type: 'call.completed',
          payload: {
            direction: 'inbound',
            durationSeconds: 60,
            outcome: 'unresolved',
            signals: ['competitor-mentioned'],
          },
        };
      default:
        return {
          ...base,
          type: 'purchase.completed',
          payload: { amount: 10, currency: 'EUR', productId: 'P' },
        };
    }
  }

  /** Each customer: 8 events in the last two hours, not in time order, one of them delivered twice. */
  function histories(customerIds: readonly string[]): Map<string, ContactEvent[]> {
    return new Map(
      customerIds.map((customerId, c) => {
        const kinds = [0, 1, 2, 3, 4, 0, 3, 5];
        const events = kinds.map((_, i) =>
          contact(customerId, kinds[(i + c) % kinds.length]!, 5 + ((c * 13 + i * 29) % 110)),
        );
        return [customerId, [...events, events[c % events.length]!]];
      }),
    );
  }

  async function produceAll(byCustomer: Map<string, ContactEvent[]>): Promise<void> {
    await producer.send({
      topic: topics.contact,
      acks: -1,
      messages: [...byCustomer].flatMap(([customerId, events]) =>
        events.map((e) => ({ key: customerId, value: JSON.stringify(e) })),
      ),
    });
  }

  /** The built-in catalog in memory, one event at a time: the firings one-by-one processing gives. */
  async function reference(byCustomer: Map<string, ContactEvent[]>) {
    const state = new InMemoryTriggerState();
    const published: FiredTrigger[] = [];
    const useCase = new WatchContactEventsUseCase({
      processed: state,
      recorder: state,
      counts: state,
      definitions: { get: async () => BUILT_IN_TRIGGERS.map(toTriggerDefinition) },
      cooldown: new InMemoryCooldown(),
      clock: { now: () => new Date() },
      publisher: { publish: async (fired) => void published.push(...fired) },
    });
    for (const events of byCustomer.values()) for (const e of events) await useCase.execute(e);
    return { state, published };
  }

  const publishedIds = (topic: string) =>
    reader.messages
      .filter((m) => m.topic === topic && customers.includes(m.key ?? ''))
      .map((m) => (m.value as { eventId: string }).eventId);

  async function storedAlertIds(customerIds = customers): Promise<string[]> {
    const rows = (await dataSource().query(
      `SELECT alert_id FROM alert WHERE customer_id = ANY($1::text[]) ORDER BY alert_id`,
      [customerIds],
    )) as Array<{ alert_id: string }>;
    return rows.map((r) => r.alert_id);
  }

  async function storedTimers(): Promise<Record<string, string>> {
    const rows = (await dataSource().query(
      `SELECT timer_id, status FROM absence_timer WHERE customer_id = ANY($1::text[])`,
      [customers],
    )) as Array<{ timer_id: string; status: string }>;
    return Object.fromEntries(rows.map((r) => [r.timer_id, r.status]).sort());
  }

  async function waitForAll(byCustomer: Map<string, ContactEvent[]>): Promise<void> {
    for (const events of byCustomer.values())
      for (const e of events) await waitForInbox(dataSource(), CONTACT_EVENTS_CONSUMER, e.eventId);
  }

  it('a backlog handled in partition batches publishes and stores what one-by-one processing does; redeliveries change nothing', async () => {
    const byCustomer = histories(customers);
    await produceAll(byCustomer);
    app = await startApp();
    await waitForAll(byCustomer);

    const expected = await reference(byCustomer);
    const expectedTriggerIds = expected.published.map((f) => f.triggerFired.eventId).sort();
    const expectedAlertIds = expected.published
      .flatMap((f) => (f.alert ? [f.alert.record.alertId] : []))
      .sort();
    // Published before the inbox row commits: all of them are on the topic by now.
    await reader.waitFor(
      () => publishedIds(topics.triggers).length >= expectedTriggerIds.length,
      30_000,
      'the trigger.fired events',
    );
    expect(expected.published.map((f) => f.triggerId)).toEqual(
      expect.arrayContaining([
        'cancellation-request',
        'competitor-mention',
        'repeated-service-incidents',
      ]),
    );
    expect(publishedIds(topics.triggers).sort()).toEqual(expectedTriggerIds);
    expect(await storedAlertIds()).toEqual(expectedAlertIds);
    const expectedTimers = Object.fromEntries(
      [...expected.state.timers].map(([id, t]) => [id, t.status]).sort(),
    );
    expect(Object.values(expectedTimers)).toEqual(expect.arrayContaining(['cancelled', 'armed']));
    expect(await storedTimers()).toEqual(expectedTimers);

    // A redelivery of the whole backlog: every id is in the inbox, nothing is published again.
    const before = reader.messages.length;
    await produceAll(byCustomer);
    const last = [...byCustomer.values()].flat();
    const marker = contact(customers[0]!, 3, 0);
    await produceAll(new Map([[customers[0]!, [marker]]]));
    await waitForInbox(dataSource(), CONTACT_EVENTS_CONSUMER, marker.eventId);
    expect(last.length).toBeGreaterThan(0);
    const republished = reader.messages.slice(before).filter((m) => m.topic === topics.triggers);
    // Only the marker may fire (a cancellation request, inside customer 0's cooldown or not).
    expect(
      republished.every((m) => (m.value as { causationId: string }).causationId === marker.eventId),
    ).toBe(true);
  });

  it('after a crash between publishing and committing, the redelivered batch republishes the same ids and stores them once', async () => {
    const subset = histories(newCustomers(6));
    await produceAll(subset);
    await waitForAll(subset);
    const ids = [...subset.values()].flat().map((e) => e.eventId);
    const customerIds = [...subset.keys()];
    const triggersOf = (messages: typeof reader.messages) =>
      messages
        .filter((m) => m.topic === topics.triggers && customerIds.includes(m.key ?? ''))
        .map((m) => (m.value as { eventId: string }).eventId)
        .sort();
    const expected = (await reference(subset)).published.map((f) => f.triggerFired.eventId).sort();
    await reader.waitFor(
      () => triggersOf(reader.messages).length >= expected.length,
      30_000,
      'the trigger.fired events',
    );
    const firstRound = triggersOf(reader.messages);
    expect(firstRound).toEqual(expected);
    const alertsBefore = await storedAlertIds(customerIds);
    // The commit is lost: no inbox rows, alerts, hits or timers of these events (Redis keeps its
    // cooldown reservations, as it would after such a crash).
    await dataSource().transaction(async (m) => {
      await m.query(
        `DELETE FROM processed_event WHERE consumer = $1 AND event_id = ANY($2::text[])`,
        [CONTACT_EVENTS_CONSUMER, ids],
      );
      await m.query(`DELETE FROM alert WHERE caused_by_event_id = ANY($1::text[])`, [ids]);
      await m.query(`DELETE FROM trigger_event_hit WHERE event_id = ANY($1::text[])`, [ids]);
      await m.query(`DELETE FROM absence_timer WHERE armed_by_event_id = ANY($1::text[])`, [ids]);
    });
    const before = reader.messages.length;
    await produceAll(subset);
    await waitForAll(subset);
    await reader.waitFor(
      () => triggersOf(reader.messages.slice(before)).length >= firstRound.length,
      30_000,
      'the republished trigger.fired events',
    );
    const secondRound = triggersOf(reader.messages.slice(before));
    expect(firstRound.length).toBeGreaterThan(0);
    expect(secondRound).toEqual(firstRound);
    expect(await storedAlertIds(customerIds)).toEqual(alertsBefore);
  });
});
