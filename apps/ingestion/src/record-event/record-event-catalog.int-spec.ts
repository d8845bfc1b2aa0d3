import {
  CONTACT_EVENT_TYPES,
  CONTACT_PAYLOAD_EXAMPLES,
  type ContactEventType,
} from '@cip/contracts';
import { randomUUID } from 'node:crypto';
import { startIngestionHarness, type IngestionHarness } from '../ingestion-int.harness';

jest.setTimeout(60_000);

let harness: IngestionHarness;

beforeAll(async () => {
  harness = await startIngestionHarness('catalog');
});

afterAll(async () => {
  await harness?.stop();
});

function eventOf(type: ContactEventType): Record<string, unknown> {
  return {
    eventId: `evt-${randomUUID()}`,
    type,
    version: 1,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    customerId: `cust-${randomUUID().slice(0, 8)}`,
    source: 'catalog-int',
    payload: CONTACT_PAYLOAD_EXAMPLES[type],
  };
}

describe('POST /v1/events for every type of the catalog (real Kafka and Postgres)', () => {
  it('accepts one event of each type and publishes it as sent', async () => {
    const events = CONTACT_EVENT_TYPES.map(eventOf);
    for (const event of events) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(event),
      });
      expect({ type: event['type'], status: response.statusCode }).toEqual({
        type: event['type'],
        status: 202,
      });
      expect(response.json()).toMatchObject({ eventId: event['eventId'], status: 'accepted' });
    }

    const ids = new Set(events.map((event) => event['eventId']));
    const records = await harness.reader.waitFor((messages) => {
      const ours = messages.filter((m) => ids.has((m.value as { eventId?: unknown }).eventId));
      return ours.length >= events.length ? ours : undefined;
    });
    for (const event of events) {
      const record = records.find(
        (m) => (m.value as { eventId?: unknown }).eventId === event['eventId'],
      );
      expect(record?.value).toEqual(event);
      expect(record?.key).toBe(event['customerId']);
      expect(record?.headers['cip-event-type']).toBe(event['type']);
    }
  });

  it('refuses one broken event of each type with a problem naming the field', async () => {
    for (const type of CONTACT_EVENT_TYPES) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          ...eventOf(type),
          payload: { ...CONTACT_PAYLOAD_EXAMPLES[type], unexpected: true },
        }),
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        code: 'INVALID_EVENT',
        errors: [{ path: '/payload/unexpected', code: 'unrecognized_key' }],
      });
    }
  });
});
