import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig, type ServiceConfig } from '@cip/config';
import {
  attritionAlertRaisedV1Schema,
  CUSTOMER_PROFILE_CHANGED,
  TOPICS,
  TRIGGER_FIRED,
  topicName,
  triggerFiredV1Schema,
  type CustomerProfileChangedV1,
} from '@cip/contracts';
import { DATA_SOURCE, runMigrations } from '@cip/persistence';
import { ProblemDetailsFilter } from '@cip/service-kit';
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
import { LIFECYCLE_STATUS_BY_CODE, LifecycleModule } from '../lifecycle.module';
import { AgentDepartureWorker } from './agent-departure.worker';
import type { AgentDepartureView } from './agent-departures.controller';
import { AGENT_ASSIGNMENTS_CONSUMER } from './agent-departures.tokens';

const DAY_MS = 86_400_000;

/**
 * Real Kafka and Postgres: customer-profile-changed in (assigned agents), a departure posted over
 * HTTP, service-agent-left out on `triggers` and `attrition-alerts`. The departure's `completed`
 * status is the sentinel: firings are published before the page that settles them commits, so
 * once it reads completed, nothing of that departure is still to come.
 */
describe('lifecycle: agent departures → service-agent-left for every customer of the agent', () => {
  const infra = testInfra();
  const isolation = newIsolation('departures');
  let config: ServiceConfig;
  let app: NestFastifyApplication;
  let producer: Producer;
  let reader: TopicReader;
  let topics: { profiles: string; triggers: string; alerts: string };
  const run = randomUUID().slice(0, 8);
  const agentA = `agent-a-${run}`;
  const agentB = `agent-b-${run}`;
  const cust = (name: string) => `cust-${name}-${run}`;

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
      profiles: topicName(prefix, TOPICS.customerProfileChanged),
      triggers: topicName(prefix, TOPICS.triggers),
      alerts: topicName(prefix, TOPICS.attritionAlerts),
    };
    await createTopics(infra.kafkaBrokers, prefix);
    await runMigrations('lifecycle', config);
    reader = await TopicReader.start(infra.kafkaBrokers, [topics.triggers, topics.alerts]);
    const logger = createLogger({ serviceName: 'lifecycle', level: 'warn' });
    const telemetry = startTelemetry({
      serviceName: 'lifecycle',
      otlpEndpoint: undefined,
      disabled: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(
      LifecycleModule.forRoot({ config, logger, telemetry, alertExpirySweepMs: 0 }),
      new FastifyAdapter(),
      { logger: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger, LIFECYCLE_STATUS_BY_CODE));
    app.enableShutdownHooks();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    producer = new Kafka({
      clientId: 'agent-departures-int-spec',
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

  const db = () => app.get<DataSource>(DATA_SOURCE);
  const http = () => app.getHttpAdapter().getInstance();

  function profileChanged(
    customerId: string,
    profileVersion: number,
    changes: CustomerProfileChangedV1['payload']['changes'],
  ): CustomerProfileChangedV1 {
    return {
      eventId: `profile-${randomUUID()}`,
      type: CUSTOMER_PROFILE_CHANGED,
      version: 1,
      occurredAt: new Date(Date.UTC(2026, 0, profileVersion)).toISOString(),
      customerId,
      source: 'ingestion.customer-file',
      payload: { profileVersion, changes, changedBy: { actor: 'crm', via: 'api' } },
    };
  }
  const assign = (customerId: string, version: number, agentId: string | null) =>
    profileChanged(customerId, version, [
      { field: '/relationship/assignedAgentId', value: agentId },
    ]);

  async function produceAndWait(events: CustomerProfileChangedV1[]): Promise<void> {
    for (const event of events) {
      await producer.send({
        topic: topics.profiles,
        acks: -1,
        messages: [{ key: event.customerId, value: JSON.stringify(event) }],
      });
    }
    for (const event of events) await waitForInbox(db(), AGENT_ASSIGNMENTS_CONSUMER, event.eventId);
  }

  async function postDeparture(body: unknown) {
    return http().inject({ method: 'POST', url: '/v1/agent-departures', payload: body as object });
  }

  async function completed(departureId: string): Promise<AgentDepartureView> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await http().inject({
        method: 'GET',
        url: `/v1/agent-departures/${departureId}`,
      });
      expect(response.statusCode).toBe(200);
      const view = response.json<AgentDepartureView>();
      if (view.status === 'completed') return view;
      if (Date.now() > deadline) throw new Error(`departure ${departureId} did not complete`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const firingsOf = (topic: string, triggerId: string) =>
    reader.messages.filter(
      (m: ReadMessage) =>
        m.topic === topic &&
        (m.value as { payload?: { triggerId?: string } }).payload?.triggerId === triggerId,
    );

  it('alerts exactly the departed agent’s customers, once, even when posted and processed again', async () => {
    // A's customers: by field, by the whole relationship object, and one reassigned to A.
    // Not A's: B's customer, one moved from A to B, one whose agent was removed, and one whose
    // older (replayed) assignment to A arrives after the newer one to B.
    await produceAndWait([
      assign(cust('a1'), 1, agentA),
      profileChanged(cust('a2'), 3, [
        { field: '/relationship', value: { assignedAgentId: agentA } },
      ]),
      assign(cust('a3'), 1, agentB),
      assign(cust('a3'), 2, agentA),
      assign(cust('b1'), 1, agentB),
      assign(cust('moved'), 1, agentA),
      assign(cust('moved'), 2, agentB),
      assign(cust('removed'), 1, agentA),
      profileChanged(cust('removed'), 2, [{ field: '/relationship', value: null }]),
      assign(cust('replayed'), 2, agentB),
      assign(cust('replayed'), 1, agentA),
      profileChanged(cust('a1'), 2, [{ field: '/preferences/channel', value: 'sms' }]),
    ]);
    // a1 is a high-value customer with low satisfaction: the most urgent quadrant.
    await db().query(
      `INSERT INTO customer_value_profile (customer_id, value_tier, satisfaction) VALUES ($1, 'vip', 'low')`,
      [cust('a1')],
    );

    const body = {
      agentId: agentA,
      leftAt: '2026-11-20T17:00:00Z',
      successorAgentId: agentB,
      reason: 'resigned',
    };
    const posted = await postDeparture(body);
    expect(posted.statusCode).toBe(202);
    const departure = posted.json<AgentDepartureView & { created: boolean }>();
    expect(departure).toMatchObject({ agentId: agentA, customersFound: 3, created: true });
    expect(posted.headers['location']).toBe(`/v1/agent-departures/${departure.departureId}`);

    const done = await completed(departure.departureId);
    expect(done).toMatchObject({
      customersFound: 3,
      customersAlerted: 3,
      customersSkipped: 0,
      customersPending: 0,
    });

    const expected = [cust('a1'), cust('a2'), cust('a3')].sort();
    // Published (acks=all) before the job counted them, but this test's reader may lag behind.
    await reader.waitFor(
      () =>
        firingsOf(topics.triggers, 'service-agent-left').length >= 3 &&
        firingsOf(topics.alerts, 'service-agent-left').length >= 3,
      20_000,
      'three service-agent-left firings and alerts',
    );
    const fired = firingsOf(topics.triggers, 'service-agent-left').map((m) =>
      triggerFiredV1Schema.parse(m.value),
    );
    expect(fired.map((e) => e.customerId).sort()).toEqual(expected);
    expect(fired.every((e) => e.type === TRIGGER_FIRED && e.payload.programme === 'service')).toBe(
      true,
    );
    const alerts = firingsOf(topics.alerts, 'service-agent-left').map((m) =>
      attritionAlertRaisedV1Schema.parse(m.value),
    );
    expect(alerts.map((e) => e.customerId).sort()).toEqual(expected);
    expect(alerts.find((e) => e.customerId === cust('a1'))?.payload).toMatchObject({
      severity: 'critical',
      valueTier: 'vip',
      evidence: { agentId: agentA, successorAgentId: agentB, departureId: departure.departureId },
    });

    const rows = (await db().query(
      `SELECT customer_id, severity, status, raised_at, deadline FROM alert
       WHERE trigger_id = 'service-agent-left' ORDER BY customer_id`,
    )) as Array<{ customer_id: string; severity: string; raised_at: Date; deadline: Date }>;
    expect(rows.map((r) => r.customer_id)).toEqual(expected);
    for (const row of rows) {
      expect(row.deadline.getTime() - row.raised_at.getTime()).toBe(7 * DAY_MS);
    }
    expect(rows.find((r) => r.customer_id === cust('a2'))?.severity).toBe('high');

    // Posting again finds the same departure and calls nobody twice.
    const again = await postDeparture(body);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({
      departureId: departure.departureId,
      created: false,
      status: 'completed',
    });

    // A crash before the commits: the pages are pending again and the worker redoes them.
    await db().query(
      `UPDATE agent_departure_customer SET status = 'pending', settled_at = NULL WHERE departure_id = $1`,
      [departure.departureId],
    );
    await db().query(
      `UPDATE agent_departure SET status = 'pending', customers_alerted = 0, completed_at = NULL
       WHERE departure_id = $1`,
      [departure.departureId],
    );
    app.get(AgentDepartureWorker).wake();
    expect(await completed(departure.departureId)).toMatchObject({ customersAlerted: 3 });

    // The redone page republished copies with the same ids (consumers drop them by id)...
    await reader.waitFor(
      () => firingsOf(topics.triggers, 'service-agent-left').length >= 6,
      20_000,
      'the republished firings',
    );
    const refired = firingsOf(topics.triggers, 'service-agent-left');
    expect(new Set(refired.map((m) => (m.value as { eventId: string }).eventId)).size).toBe(3);
    expect(new Set(refired.map((m) => m.key))).toEqual(new Set(expected));
    // ...and stored no second alert.
    const [count] = (await db().query(
      `SELECT count(*)::int AS n FROM alert WHERE trigger_id = 'service-agent-left'`,
    )) as Array<{ n: number }>;
    expect(count?.n).toBe(3);
  });

  it('a departure of an agent without customers completes at once', async () => {
    const posted = await postDeparture({
      agentId: `nobody-${run}`,
      leftAt: '2026-11-01T00:00:00Z',
    });
    expect(posted.statusCode).toBe(202);
    expect(posted.json()).toMatchObject({ status: 'completed', customersFound: 0 });
  });

  it('answers problems with machine-readable codes', async () => {
    const bad = await postDeparture({ agentId: '', leftAt: 'last week', team: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const problem = bad.json<{ code: string; issues?: Array<{ path: string }> }>();
    expect(problem.code).toBe('INVALID_AGENT_DEPARTURE');
    expect(JSON.stringify(problem)).toContain('/agentId');
    expect(JSON.stringify(problem)).toContain('/leftAt');

    const first = { agentId: `agent-c-${run}`, leftAt: '2026-10-01T00:00:00Z' };
    expect((await postDeparture(first)).statusCode).toBe(202);
    const conflict = await postDeparture({ ...first, reason: 'retired' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'AGENT_DEPARTURE_CONFLICT' });

    const missing = await http().inject({
      method: 'GET',
      url: '/v1/agent-departures/agent-departure-unknown',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'AGENT_DEPARTURE_NOT_FOUND' });
  });
});
