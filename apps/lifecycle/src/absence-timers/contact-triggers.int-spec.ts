import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  ATTRITION_ALERT_RAISED,
  deadLetterTopicOf,
  HEADERS,
  SEGMENT_MEMBERSHIP_CHANGED,
  TOPICS,
  topicName,
  type ContactEvent,
  type SegmentMembershipChangedV1,
} from '@cip/contracts';
import {
  BUILT_IN_TRIGGERS,
  toTriggerDefinition,
  type Clock,
  type StoredTriggerDefinition,
} from '@cip/lifecycle-domain';
import { DATA_SOURCE, runMigrations, TriggerDefinitionEntity } from '@cip/persistence';
import { createLogger, startTelemetry } from '@cip/telemetry';
import {
  createTopics,
  newIsolation,
  removeIsolation,
  serviceEnv,
  testInfra,
  TopicReader,
  waitForInbox,
  type ReadMessage,
} from '@cip/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LifecycleModule } from '../lifecycle.module';
import { CONTACT_EVENTS_CONSUMER, SEGMENT_MEMBERSHIP_CONSUMER } from '../lifecycle.tokens';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type AlertValue = {
  eventId: string;
  type: string;
  payload: {
    alertId: string;
    triggerId: string;
    severity: string;
    valueTier: string;
    evidence: Record<string, unknown>;
  };
};

/**
 * Contact events → event / event-count / absence triggers on real Kafka, Redis and Postgres. Time
 * is an injected clock that a test moves forward to make timers come due; a `sentinel` trigger
 * (message.opened, no cooldown) marks "everything before it on the partition was processed".
 */
describe('lifecycle: contact-events → event triggers and durable absence timers', () => {
  const infra = testInfra();
  const isolation = newIsolation('lcabsence');
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
  let config: ServiceConfig;
  let app: NestFastifyApplication | undefined;
  let producer: Producer;
  let reader: TopicReader;
  let topics: {
    contact: string;
    membership: string;
    triggers: string;
    alerts: string;
    dlt: string;
  };

  async function startApp(): Promise<NestFastifyApplication> {
    const logger = createLogger({ serviceName: 'lifecycle', level: 'warn' });
    const telemetry = startTelemetry({
      serviceName: 'lifecycle',
      otlpEndpoint: undefined,
      disabled: true,
    });
    const started = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({
        config,
        logger,
        telemetry,
        definitionsRefreshMs: 200,
        clock,
        absenceTimerPollMs: 50,
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
      serviceEnv(infra, isolation, {
        OTEL_SDK_DISABLED: 'true',
        KAFKA_MAX_HANDLER_ATTEMPTS: '2',
        KAFKA_RETRY_BACKOFF_MS: '50',
      }),
    );
    const prefix = isolation.topicPrefix;
    topics = {
      contact: topicName(prefix, TOPICS.contactEvents),
      membership: topicName(prefix, TOPICS.segmentMembership),
      triggers: topicName(prefix, TOPICS.triggers),
      alerts: topicName(prefix, TOPICS.attritionAlerts),
      dlt: deadLetterTopicOf(topicName(prefix, TOPICS.contactEvents)),
    };
    await createTopics(infra.kafkaBrokers, prefix);
    await runMigrations('lifecycle', config);
    reader = await TopicReader.start(infra.kafkaBrokers, [
      topics.triggers,
      topics.alerts,
      topics.dlt,
    ]);
    app = await startApp();
    await dataSource().query(
      `INSERT INTO "${config.database.schema}".trigger_definition
         (id, programme, description, condition, cooldown_seconds, severity_rule, deadline_hours, suggested_strategy, enabled)
       VALUES ('sentinel', 'service', 'test sentinel', $1::jsonb, 0, '{"kind":"fixed","severity":"low"}'::jsonb, NULL, 'none', true)`,
      [JSON.stringify({ kind: 'event', event: { types: ['message.opened'] } })],
    );
    producer = new Kafka({
      clientId: 'lifecycle-absence-int-spec',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await reader?.stop();
    // Closed first: the poller must not query a dropped schema.
    await app?.close();
    await removeIsolation(infra, isolation);
  });

  function contact<T extends ContactEvent['type']>(
    customerId: string,
    type: T,
    occurredAt: Date,
    payload: Extract<ContactEvent, { type: T }>['payload'],
  ): ContactEvent {
    return {
      eventId: `ce-${randomUUID()}`,
      type,
      version: 1,
      occurredAt: occurredAt.toISOString(),
      customerId,
      source: 'int-spec',
      correlationId: `corr-${randomUUID()}`,
      payload,
    } as ContactEvent;
  }

  async function produce(topic: string, customerId: string, ...values: unknown[]): Promise<void> {
    await producer.send({
      topic,
      acks: -1,
      messages: values.map((value) => ({
        key: customerId,
        value: typeof value === 'string' ? value : JSON.stringify(value),
      })),
    });
  }

  const customer = () => `cust-${randomUUID().slice(0, 8)}`;
  const alertsOf = (customerId: string, triggerId?: string) =>
    reader.messages
      .filter((m) => m.topic === topics.alerts && m.key === customerId)
      .map((m) => m.value as AlertValue)
      .filter((v) => triggerId === undefined || v.payload.triggerId === triggerId);
  const firedOf = (customerId: string) =>
    reader.messages
      .filter((m: ReadMessage) => m.topic === topics.triggers && m.key === customerId)
      .map((m) => (m.value as { payload: { triggerId: string } }).payload.triggerId);

  async function waitForAlert(customerId: string, triggerId: string): Promise<AlertValue> {
    return reader.waitFor(
      () => alertsOf(customerId, triggerId)[0],
      45_000,
      `the ${triggerId} alert of ${customerId}`,
    );
  }

  /** Everything produced for the customer before this call was processed. */
  async function sentinel(customerId: string): Promise<void> {
    const before = firedOf(customerId).filter((id) => id === 'sentinel').length;
    await produce(
      topics.contact,
      customerId,
      contact(customerId, 'message.opened', clock.now(), {
        messageId: `m-${randomUUID().slice(0, 8)}`,
        channel: 'email',
      }),
    );
    await reader.waitFor(
      () => firedOf(customerId).filter((id) => id === 'sentinel').length > before,
      45_000,
      'the sentinel trigger',
    );
  }

  async function timerStatuses(customerId: string): Promise<Record<string, string>> {
    const rows = (await dataSource().query(
      `SELECT correlation_key, status FROM absence_timer WHERE customer_id = $1`,
      [customerId],
    )) as Array<{ correlation_key: string; status: string }>;
    return Object.fromEntries(rows.map((r) => [r.correlation_key, r.status]));
  }

  /** Alerts are published before their timer's outcome commits: wait for the commit. */
  async function waitForTimers(
    customerId: string,
    expected: Record<string, string>,
  ): Promise<void> {
    const deadline = Date.now() + 30_000;
    let seen = await timerStatuses(customerId);
    while (JSON.stringify(sorted(seen)) !== JSON.stringify(sorted(expected))) {
      if (Date.now() > deadline) expect(seen).toEqual(expected);
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await timerStatuses(customerId);
    }
  }
  const sorted = (o: Record<string, string>) =>
    Object.entries(o).sort(([a], [b]) => a.localeCompare(b));

  it('seeds the built-in catalog as valid, editable rows', async () => {
    const rows = await dataSource().getRepository(TriggerDefinitionEntity).find();
    const stored = new Map(rows.map((row) => [row.id, row]));
    for (const builtIn of BUILT_IN_TRIGGERS) {
      const row = stored.get(builtIn.id);
      expect(row).toBeDefined();
      const asStored: StoredTriggerDefinition = { ...row!, condition: row!.condition };
      expect(asStored).toEqual(builtIn);
      expect(() => toTriggerDefinition(asStored)).not.toThrow();
    }
  });

  it('an absence trigger fires with no further event (complaint filed, never resolved)', async () => {
    const customerId = customer();
    const filed = contact(customerId, 'complaint.filed', new Date(Date.now() - 49 * HOUR), {
      complaintId: 'C-1',
      category: 'network',
      severity: 'high',
    });
    await produce(topics.contact, customerId, filed);
    const alert = await waitForAlert(customerId, 'unresolved-complaint');
    expect(alert.type).toBe(ATTRITION_ALERT_RAISED);
    expect(alert.payload).toMatchObject({
      severity: 'high', // quadrant rule, customer's value and satisfaction unknown
      valueTier: 'unknown',
      evidence: expect.objectContaining({
        afterEventId: filed.eventId,
        correlationKey: 'C-1',
      }),
    });
    await waitForTimers(customerId, { 'C-1': 'fired' });
  });

  it('a stream of qualifying events raises one alert per trigger (cooldown), redeliveries none', async () => {
    const customerId = customer();
    const calls = [5, 4, 3, 2].map((minutesAgo) =>
      contact(customerId, 'call.completed', new Date(Date.now() - minutesAgo * 60_000), {
        direction: 'inbound',
        durationSeconds: 120,
        outcome: 'unresolved',
        signals: ['competitor-mentioned'],
      }),
    );
    const incidents = [40, 30, 20, 10].map((minutesAgo) =>
      contact(customerId, 'service.incident', new Date(Date.now() - minutesAgo * 60_000), {
        kind: 'outage',
        durationMinutes: 90,
      }),
    );
    await produce(topics.contact, customerId, ...calls, ...incidents, calls[0]);
    await sentinel(customerId);
    expect(alertsOf(customerId, 'competitor-mention')).toHaveLength(1);
    expect(alertsOf(customerId, 'competitor-mention')[0]!.payload.evidence).toMatchObject({
      contactEventId: calls[0]!.eventId,
      signals: 'competitor-mentioned',
    });
    const incidentAlerts = alertsOf(customerId, 'repeated-service-incidents');
    expect(incidentAlerts).toHaveLength(1);
    // The second incident brings the 30-day count to 2.
    expect(incidentAlerts[0]!.payload.evidence).toMatchObject({
      contactEventId: incidents[1]!.eventId,
      matchingEvents: 2,
    });
    expect(alertsOf(customerId)).toHaveLength(2);
  });

  it('severity follows the value × satisfaction profile learnt from segment membership', async () => {
    const customerId = customer();
    const membership = (segmentId: string): SegmentMembershipChangedV1 => ({
      eventId: `mship-${randomUUID()}`,
      type: SEGMENT_MEMBERSHIP_CHANGED,
      version: 1,
      occurredAt: new Date(Date.now() - HOUR).toISOString(),
      customerId,
      source: 'segmentation',
      payload: {
        segmentId,
        definitionVersion: 1,
        change: 'entered',
        triggeringEventId: `contact-${randomUUID()}`,
        reason: { summary: 'pack', values: {} },
      },
    });
    const tier = membership('value-tier.vip');
    const quadrant = membership('value-satisfaction.win-back');
    await produce(topics.membership, customerId, tier, quadrant);
    await waitForInbox(dataSource(), SEGMENT_MEMBERSHIP_CONSUMER, quadrant.eventId);
    await produce(
      topics.contact,
      customerId,
      contact(customerId, 'contract.cancellation-requested', new Date(), {
        contractId: 'K-1',
        reason: 'competitor',
      }),
    );
    const alert = await waitForAlert(customerId, 'cancellation-request');
    expect(alert.payload).toMatchObject({ severity: 'critical', valueTier: 'vip' });
    expect(alert.payload.evidence).toMatchObject({ satisfaction: 'low' });
  });

  it('the resolving event cancels its timer; an unresolved one of the same customer still fires', async () => {
    const customerId = customer();
    const now = Date.now();
    const resolvedLater = contact(customerId, 'complaint.filed', new Date(now - 2 * HOUR), {
      complaintId: 'C-resolved',
      category: 'billing',
      severity: 'medium',
    });
    const unresolved = contact(customerId, 'complaint.filed', new Date(now - HOUR), {
      complaintId: 'C-open',
      category: 'billing',
      severity: 'medium',
    });
    const resolution = contact(customerId, 'complaint.resolved', new Date(now - 30 * 60_000), {
      complaintId: 'C-resolved',
      resolution: 'fixed',
    });
    await produce(topics.contact, customerId, resolvedLater, unresolved, resolution);
    await waitForInbox(dataSource(), CONTACT_EVENTS_CONSUMER, resolution.eventId);
    expect(await timerStatuses(customerId)).toEqual({
      'C-resolved': 'cancelled',
      'C-open': 'armed',
    });

    // Three days later: had the resolved complaint's timer fired, it would come first (due
    // earlier) and the open one would be inside its cooldown.
    offsetMs = 3 * DAY;
    try {
      const alert = await waitForAlert(customerId, 'unresolved-complaint');
      expect(alert.payload.evidence).toMatchObject({ correlationKey: 'C-open' });
      await waitForTimers(customerId, { 'C-resolved': 'cancelled', 'C-open': 'fired' });
      expect(alertsOf(customerId, 'unresolved-complaint')).toHaveLength(1);
    } finally {
      offsetMs = 0;
    }
  });

  it('an armed timer survives a restart of the lifecycle app and fires from the new instance', async () => {
    const customerId = customer();
    const filed = contact(customerId, 'complaint.filed', new Date(Date.now() - HOUR), {
      complaintId: 'C-restart',
      category: 'service',
      severity: 'low',
    });
    await produce(topics.contact, customerId, filed);
    await waitForInbox(dataSource(), CONTACT_EVENTS_CONSUMER, filed.eventId);
    expect(await timerStatuses(customerId)).toEqual({ 'C-restart': 'armed' });

    await app!.close();
    app = undefined;
    app = await startApp();
    expect(await timerStatuses(customerId)).toEqual({ 'C-restart': 'armed' });

    offsetMs = 3 * DAY;
    try {
      const alert = await waitForAlert(customerId, 'unresolved-complaint');
      expect(alert.payload.evidence).toMatchObject({
        afterEventId: filed.eventId,
        correlationKey: 'C-restart',
      });
      await waitForTimers(customerId, { 'C-restart': 'fired' });
    } finally {
      offsetMs = 0;
    }
  });

  it('two instances split due timers (SKIP LOCKED): each fires once', async () => {
    const second = await startApp();
    try {
      const customers = Array.from({ length: 12 }, () => customer());
      const filings = customers.map((customerId) =>
        contact(customerId, 'complaint.filed', new Date(Date.now() - HOUR), {
          complaintId: 'C-two',
          category: 'network',
          severity: 'medium',
        }),
      );
      for (const [index, customerId] of customers.entries())
        await produce(topics.contact, customerId, filings[index]);
      for (const filing of filings)
        await waitForInbox(dataSource(), CONTACT_EVENTS_CONSUMER, filing.eventId);

      offsetMs = 3 * DAY;
      try {
        for (const customerId of customers) {
          await waitForAlert(customerId, 'unresolved-complaint');
          await waitForTimers(customerId, { 'C-two': 'fired' });
        }
        for (const customerId of customers)
          expect(alertsOf(customerId, 'unresolved-complaint')).toHaveLength(1);
      } finally {
        offsetMs = 0;
      }
    } finally {
      await second.close();
    }
  });

  it('a malformed contact event goes to the dead-letter topic and does not block the partition', async () => {
    const customerId = customer();
    await produce(topics.contact, customerId, '{"type":"complaint.filed", not json');
    const dead = await reader.waitFor(
      (messages) => messages.find((m) => m.topic === topics.dlt && m.key === customerId),
      45_000,
      'the dead-lettered contact event',
    );
    expect(dead.headers[HEADERS.deadLetterErrorCode]).toBe('INVALID_CONTACT_EVENT');
    await sentinel(customerId);
  });
});
