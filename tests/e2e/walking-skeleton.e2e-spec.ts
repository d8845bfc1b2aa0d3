import { randomUUID } from 'node:crypto';
import { topicName, TOPICS } from '@cip/contracts';
import { TopicReader } from '@cip/testing';
import { startPlatform, type RunningPlatform } from './support/platform';
import { complaintFiled, postEvent } from './support/sample-events';

/**
 * The walking skeleton across four processes: ingestion → contact-events → segmentation →
 * segment-membership → lifecycle → attrition-alerts → nba → GET next-best-action.
 */
describe('walking skeleton: complaints to a retention action', () => {
  let platform: RunningPlatform;
  let reader: TopicReader;

  beforeAll(async () => {
    platform = await startPlatform('skeleton');
    const prefix = platform.isolation.topicPrefix;
    reader = await TopicReader.start(platform.brokers, [
      topicName(prefix, TOPICS.contactEvents),
      topicName(prefix, TOPICS.segmentMembership),
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

  it('raises one attrition alert after the second complaint and serves a retention action', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const prefix = platform.isolation.topicPrefix;
    const ingestion = platform.services.ingestion.baseUrl;
    const now = Date.now();

    // Half an hour old: well inside the 48 hours before `unresolved-complaint` would fire too.
    const first = await postEvent(ingestion, complaintFiled(customerId, new Date(now - 1_800_000)));
    expect(first.status).toBe(202);

    // One complaint is not yet a pattern: the default action, no alert.
    const before = await fetch(
      `${platform.services.nba.baseUrl}/v1/customers/${customerId}/next-best-action`,
    );
    expect(before.status).toBe(200);
    expect(((await before.json()) as { reason: unknown }).reason).toBeNull();

    const second = await postEvent(
      ingestion,
      complaintFiled(customerId, new Date(now - 60_000), 'billing'),
    );
    expect(second.status).toBe(202);

    const alert = await reader.waitFor(
      (messages) =>
        messages.find(
          (m) => m.topic === topicName(prefix, TOPICS.attritionAlerts) && m.key === customerId,
        ),
      30_000,
      `an attrition alert for ${customerId}`,
    );
    const alertEvent = alert.value as {
      customerId: string;
      payload: { alertId: string; triggerId: string; severity: string };
    };
    expect(alertEvent.customerId).toBe(customerId);
    expect(alertEvent.payload.triggerId).toBe('repeated-complaints');
    expect(alert.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);

    const membership = reader
      .on(topicName(prefix, TOPICS.segmentMembership))
      .filter((m) => m.key === customerId)
      .map((m) => m.value as { payload: { segmentId: string; change: string } });
    expect(membership).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({ segmentId: 'repeated-complainers', change: 'entered' }),
      }),
    ]);

    const action = await waitForJson<{
      action: { kind: string };
      reason: { alertId: string } | null;
    }>(
      `${platform.services.nba.baseUrl}/v1/customers/${customerId}/next-best-action`,
      (body) => body.reason !== null,
    );
    expect(action.action.kind).toBe('retention');
    expect(action.reason?.alertId).toBe(alertEvent.payload.alertId);
  });

  it('rejects an invalid event with a problem body naming the field', async () => {
    const response = await fetch(`${platform.services.ingestion.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...complaintFiled('cust-x', new Date()),
        payload: { category: 'network' },
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain('/payload/complaintId');
  });
});

/** Polls `url` until it answers 200 with a body `accept` likes; the body is trusted to be `T`. */
async function waitForJson<T>(
  url: string,
  accept: (body: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const response = await fetch(url);
    last = await response.json();
    if (response.status === 200 && accept(last as T)) return last as T;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting on ${url}; last body ${JSON.stringify(last)}`);
}
