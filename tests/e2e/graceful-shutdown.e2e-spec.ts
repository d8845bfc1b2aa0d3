import { randomUUID } from 'node:crypto';
import { topicName, TOPICS, type ContactEvent } from '@cip/contracts';
import { TopicReader } from '@cip/testing';
import { startPlatform, type RunningPlatform } from './support/platform';
import { complaintFiled, postEvent } from './support/sample-events';
import type { ServiceName, StopResult } from './support/service-process';

const CUSTOMERS = 30;

/**
 * Every service gets a SIGTERM while events flow. Each must exit cleanly within 10 s; after
 * restarts, every event the API acknowledged is on the log, and every customer with two
 * complaints has exactly one alert and a retention action: nothing acknowledged was lost and
 * nothing was doubled.
 */
describe('graceful shutdown under load', () => {
  let platform: RunningPlatform;
  let reader: TopicReader;

  beforeAll(async () => {
    platform = await startPlatform('shutdown');
    const prefix = platform.isolation.topicPrefix;
    reader = await TopicReader.start(platform.brokers, [
      topicName(prefix, TOPICS.contactEvents),
      topicName(prefix, TOPICS.attritionAlerts),
    ]);
  });

  afterAll(async () => {
    // Runs when a test (or beforeAll) failed too: the platform's data goes whatever happened.
    try {
      await reader?.stop();
    } finally {
      await platform?.stopAll();
    }
  });

  it('loses no acknowledged event and doubles no alert across SIGTERM of each service', async () => {
    const prefix = platform.isolation.topicPrefix;
    const run = randomUUID().slice(0, 6);
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => `gs-${run}-${i}`);
    const now = Date.now();
    // Two complaints per customer, interleaved so both land while services restart.
    const events: ContactEvent[] = [
      ...customers.map((c) => complaintFiled(c, new Date(now - 2 * 86_400_000))),
      ...customers.map((c) => complaintFiled(c, new Date(now - 60_000))),
    ];
    const acknowledged = new Set<string>();
    const stops: Partial<Record<ServiceName, StopResult>> = {};
    const restartAt: Record<number, ServiceName> = {
      8: 'segmentation',
      20: 'lifecycle',
      32: 'nba',
      44: 'ingestion',
    };

    for (const [index, event] of events.entries()) {
      const victim = restartAt[index];
      if (victim) {
        // Stop while the previous events are still being processed downstream.
        stops[victim] = await platform.services[victim].stop('SIGTERM');
        await platform.services[victim].start();
      }
      await postUntilAccepted(platform.services.ingestion.baseUrl, event, acknowledged);
    }

    for (const [name, result] of Object.entries(stops)) {
      expect({
        name,
        exitCode: result?.exitCode,
        withinTenSeconds: (result?.durationMs ?? Infinity) < 10_000,
      }).toEqual({
        name,
        exitCode: 0,
        withinTenSeconds: true,
      });
    }

    const contactTopic = topicName(prefix, TOPICS.contactEvents);
    await reader.waitFor(
      (messages) => {
        const seen = new Set(
          messages
            .filter((m) => m.topic === contactTopic)
            .map((m) => (m.value as { eventId: string }).eventId),
        );
        return [...acknowledged].every((id) => seen.has(id));
      },
      30_000,
      'every acknowledged event on contact-events',
    );
    const published = reader.on(contactTopic).map((m) => (m.value as { eventId: string }).eventId);
    expect(new Set(published).size).toBe(events.length);
    expect(published.length).toBe(events.length);

    const alertTopic = topicName(prefix, TOPICS.attritionAlerts);
    const alerts = await reader.waitFor(
      (messages) => {
        const forUs = messages.filter((m) => m.topic === alertTopic);
        return new Set(forUs.map((m) => m.key)).size >= CUSTOMERS ? forUs : undefined;
      },
      60_000,
      `alerts for all ${CUSTOMERS} customers`,
    );
    // Give stragglers a moment: a duplicate would show up now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const raised = reader
      .on(alertTopic)
      .map((m) => (m.value as { payload: { alertId: string; triggerId: string } }).payload);
    expect(new Set(alerts.map((m) => m.key))).toEqual(new Set(customers));
    // Two complaints can fire more than one trigger (repeated, and unresolved within 48 h), but
    // no alert is ever published twice, and every customer got the repeated-complaints one.
    const alertIds = raised.map((p) => p.alertId);
    expect(alertIds.length).toBe(new Set(alertIds).size);
    expect(raised.filter((p) => p.triggerId === 'repeated-complaints')).toHaveLength(CUSTOMERS);

    for (const customerId of customers) {
      const response = await fetch(
        `${platform.services.nba.baseUrl}/v1/customers/${customerId}/next-best-action`,
      );
      const body = (await response.json()) as { action: { kind: string }; reason: unknown };
      expect({ customerId, kind: body.action.kind, hasReason: body.reason !== null }).toEqual({
        customerId,
        kind: 'retention',
        hasReason: true,
      });
    }
  });
});

/** A well-behaved client: retries the same event id until the API acknowledges it. */
async function postUntilAccepted(
  baseUrl: string,
  event: ContactEvent,
  acknowledged: Set<string>,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await postEvent(baseUrl, event);
      if (response.status === 202 || response.status === 200) {
        acknowledged.add(event.eventId);
        return;
      }
      if (response.status !== 503)
        throw new Error(`unexpected ${response.status}: ${await response.text()}`);
    } catch (error) {
      if ((error as Error).message.startsWith('unexpected')) throw error;
      // Connection refused while ingestion restarts: retry like a real client would.
    }
    if (Date.now() > deadline) throw new Error(`event ${event.eventId} never accepted`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
