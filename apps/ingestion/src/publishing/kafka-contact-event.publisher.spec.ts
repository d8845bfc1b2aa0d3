import type { ContactEvent } from '@cip/contracts';
import type { MessagePublisher, OutgoingMessage } from '@cip/kafka';
import { KafkaContactEventPublisher } from './kafka-contact-event.publisher';

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

  it('sends events that arrive during a produce together in the next one', async () => {
    const { bus, calls } = fakeBus();
    const publisher = new KafkaContactEventPublisher(bus, 'contact-events');
    await Promise.all(Array.from({ length: 10 }, (_, i) => publisher.publish(event(i))));
    expect(calls.map((c) => c.length)).toEqual([1, 9]);
  });

  it('fails every caller of a failed batch', async () => {
    const { bus } = fakeBus(new Error('down'));
    const publisher = new KafkaContactEventPublisher(bus, 'contact-events');
    const results = await Promise.allSettled([
      publisher.publish(event(1)),
      publisher.publish(event(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
