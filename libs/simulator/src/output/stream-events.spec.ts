import type { ContactEvent } from '@cip/contracts';
import type { EventSink, SinkOutcome } from './event-sink';
import { liveRestamp } from './live-restamp';
import { streamEvents } from './stream-events';

function eventsOf(count: number): ContactEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: `e${i}`,
    type: 'visit.completed',
    version: 1,
    occurredAt: '2025-01-01T00:00:00.000Z',
    customerId: `c${i % 7}`,
    source: 'web',
    payload: { channel: 'web' },
  }));
}

/** A sink whose answers the test releases by hand, to observe what is in flight. */
class HeldSink implements EventSink {
  readonly batches: ContactEvent[][] = [];
  maxInFlight = 0;
  private inFlight = 0;

  async send(events: readonly ContactEvent[]): Promise<SinkOutcome> {
    this.batches.push([...events]);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    const rejected = events.filter((event) => event.eventId.endsWith('3')).length;
    return { accepted: events.length - rejected, replayed: 0, rejected, problems: ['bad'] };
  }
}

/** A clock that only moves when the stream sleeps: the schedule is observable exactly. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('streamEvents', () => {
  it('sends every event once, in batches, pacing them to the rate', async () => {
    const sink = new HeldSink();
    const time = fakeTime();
    const report = await streamEvents(eventsOf(1_050), sink, {
      ratePerSecond: 500,
      batchSize: 100,
      concurrency: 2,
      now: time.now,
      sleep: time.sleep,
    });

    expect(sink.batches.map((batch) => batch.length)).toEqual([
      100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50,
    ]);
    expect(sink.batches.flat().map((event) => event.eventId)).toEqual(
      eventsOf(1_050).map((e) => e.eventId),
    );
    // The 11th batch may leave once 1,000 events have gone at 500/s: 2 s after the start.
    expect(time.now()).toBe(2_000);
    expect(report).toMatchObject({ sent: 1_050, accepted: 945, rejected: 105, seconds: 2 });
    expect(sink.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('stops at maxEvents and restamps events in live mode', async () => {
    const sink = new HeldSink();
    const time = fakeTime();
    let pulled = 0;
    const source = function* () {
      for (const event of eventsOf(500)) {
        pulled += 1;
        yield event;
      }
    };
    await streamEvents(source(), sink, {
      ratePerSecond: 1_000_000,
      batchSize: 40,
      concurrency: 4,
      maxEvents: 90,
      restamp: liveRestamp('run1'),
      now: time.now,
      sleep: time.sleep,
    });
    const sent = sink.batches.flat();
    expect(sent).toHaveLength(90);
    expect(pulled).toBe(90);
    expect(sent[0]?.eventId).toBe('e0-run1');
    expect(sent.every((event) => event.occurredAt !== '2025-01-01T00:00:00.000Z')).toBe(true);
  });

  it('fails with the sink’s error instead of streaming on into a dead receiver', async () => {
    const failing: EventSink = { send: () => Promise.reject(new Error('refused')) };
    const time = fakeTime();
    await expect(
      streamEvents(eventsOf(300), failing, {
        ratePerSecond: 100,
        batchSize: 50,
        concurrency: 1,
        now: time.now,
        sleep: time.sleep,
      }),
    ).rejects.toThrow('refused');
  });
});
