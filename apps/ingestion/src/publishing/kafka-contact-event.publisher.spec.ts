import type { ContactEvent } from '@cip/contracts';
import type { MessagePublisher, OutgoingMessage } from '@cip/kafka';
import {
  DEFAULT_PUBLISHER_LIMITS,
  KafkaContactEventPublisher,
} from './kafka-contact-event.publisher';

const event = (i: number) =>
  ({
    eventId: `e${i}`,
    type: 'survey.answered',
    version: 1,
    occurredAt: '2025-01-01T00:00:00Z',
    customerId: `c${i}`,
    source: 'web',
    payload: { score: 5, scale: 'nps-0-10' },
  }) as ContactEvent;

function fakeBus(fail?: Error) {
  const calls: OutgoingMessage[][] = [];
  const bus: MessagePublisher = {
    publish: async (_topic, messages) => {
      calls.push(messages);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) throw fail;
    },
  };
  return { bus, calls };
}

describe('KafkaContactEventPublisher', () => {
  it('keys by customer and labels the event type and version', async () => {
    const { bus, calls } = fakeBus();
    await new KafkaContactEventPublisher(bus, 'contact-events').publish(event(1));
    expect(calls).toEqual([
      [
        {
          key: 'c1',
          value: event(1),
          headers: { 'cip-event-type': 'survey.answered', 'cip-schema-version': '1' },
        },
      ],
    ]);
  });

  it('sends events of one turn together, and those arriving during a produce in the next one', async () => {
    const { bus, calls } = fakeBus();
    const publisher = new KafkaContactEventPublisher(bus, 'contact-events', {
      ...DEFAULT_PUBLISHER_LIMITS,
      lingerMs: 0,
    });
    const first = Array.from({ length: 3 }, (_, i) => publisher.publish(event(i)));
    await new Promise((resolve) => setImmediate(resolve));
    const during = Array.from({ length: 7 }, (_, i) => publisher.publish(event(10 + i)));
    await Promise.all([...first, ...during]);
    expect(calls.map((c) => c.length)).toEqual([3, 7]);
  });

  it('fails every caller of a failed batch and those waiting behind it', async () => {
    const { bus, calls } = fakeBus(new Error('down'));
    const publisher = new KafkaContactEventPublisher(bus, 'contact-events');
    const inFlight = publisher.publish(event(1));
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = publisher.publish(event(2));
    const results = await Promise.allSettled([inFlight, waiting]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toHaveLength(1);
  });

  it('spreads customers over the producer lanes, keeping each customer on one lane', async () => {
    const sends: Array<{ lane: number | undefined; ids: string[] }> = [];
    const bus: MessagePublisher = {
      lanes: 4,
      publish: async (_topic, messages, options) => {
        sends.push({
          lane: options?.lane,
          ids: messages.map((m) => (m.value as ContactEvent).eventId),
        });
      },
    };
    const publisher = new KafkaContactEventPublisher(bus, 'contact-events');
    const events = Array.from({ length: 40 }, (_, i) => ({ ...event(i), customerId: `c${i % 8}` }));
    await Promise.all(events.map((e) => publisher.publish(e)));
    const laneOf = new Map<string, number | undefined>();
    for (const { lane, ids } of sends)
      for (const id of ids) {
        const customer = events.find((e) => e.eventId === id)?.customerId as string;
        expect(laneOf.get(customer) ?? lane).toBe(lane);
        laneOf.set(customer, lane);
      }
    expect(new Set(sends.map((s) => s.lane)).size).toBeGreaterThan(1);
    // Within a lane, records keep the order they were published in.
    for (const { ids } of sends)
      expect(ids).toEqual([...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
  });

  it('answers BUS_UNAVAILABLE at once when too many events wait for Kafka', async () => {
    const { bus } = fakeBus();
    const publisher = new KafkaContactEventPublisher(bus, 'contact-events', {
      maxBatchMessages: 2,
      maxQueuedMessages: 2,
      lingerMs: 0,
    });
    const accepted = [1, 2].map((i) => publisher.publish(event(i)));
    await expect(publisher.publish(event(3))).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
    await Promise.all(accepted);
  });
});
