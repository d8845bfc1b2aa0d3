import { silentBusLogger } from './bus-logger';
import type { createKafkaClient } from './kafka-client.factory';
import { testBusConfig } from './test/kafka-test.env';
import {
  fixKafkajsIdleTimerLoop,
  PENDING_REQUESTS_RECHECK_MS,
  type KafkajsRequestQueueInternals,
} from './kafkajs-idle-timer.fix';

/** kafkajs' own RequestQueue, driven without a socket: `sent` records what went out. */
interface RequestQueue extends KafkajsRequestQueueInternals {
  push(request: unknown): void;
  fulfillRequest(response: { correlationId: number; payload: null; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
}
type RequestQueueClass = new (options: Record<string, unknown>) => RequestQueue;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const KafkajsRequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
const quietLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };

/** A subclass per test, so patching its prototype leaves kafkajs' own class alone. */
function freshQueueClass(): RequestQueueClass {
  return class extends KafkajsRequestQueue {};
}

function driver(QueueClass: RequestQueueClass, maxInFlightRequests: number | null = null) {
  const queue = new QueueClass({
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger: quietLogger,
  });
  const sent: number[] = [];
  const push = (correlationId: number) =>
    queue.push({
      entry: {
        correlationId,
        apiName: 'Produce',
        apiKey: 0,
        apiVersion: 7,
        resolve: () => undefined,
        reject: () => undefined,
      },
      expectResponse: true,
      sendRequest: () => sent.push(correlationId),
    });
  const respond = (correlationId: number) =>
    queue.fulfillRequest({ correlationId, payload: null, size: 0 });
  return { queue, sent, push, respond };
}

describe('fixKafkajsIdleTimerLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is still needed: unpatched, a queue with nothing pending re-arms a timer on every tick', () => {
    const { queue, push, respond } = driver(freshQueueClass());
    push(1);
    respond(1);
    for (let tick = 0; tick < 5; tick++) {
      expect(jest.getTimerCount()).toBe(1);
      jest.advanceTimersByTime(1);
    }
    expect(jest.getTimerCount()).toBe(1);
    queue.destroy();
  });

  it('arms no timer once the last response is in and nothing waits', () => {
    const QueueClass = freshQueueClass();
    fixKafkajsIdleTimerLoop(QueueClass);
    const { sent, push, respond } = driver(QueueClass);
    push(1);
    push(2);
    respond(1);
    respond(2);
    expect(sent).toEqual([1, 2]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request held by a client-side throttle when the throttle ends, not before', () => {
    const QueueClass = freshQueueClass();
    fixKafkajsIdleTimerLoop(QueueClass);
    const { queue, sent, push, respond } = driver(QueueClass);
    push(1);
    respond(1);
    queue.maybeThrottle(50);
    push(2);
    jest.advanceTimersByTime(49);
    expect(sent).toEqual([1]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([1, 2]);
    respond(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request held by the in-flight limit as soon as a response frees a slot', () => {
    const QueueClass = freshQueueClass();
    fixKafkajsIdleTimerLoop(QueueClass);
    const { queue, sent, push, respond } = driver(QueueClass, 1);
    push(1);
    push(2);
    expect(sent).toEqual([1]);
    expect(queue.pending).toHaveLength(1);
    respond(1);
    expect(sent).toEqual([1, 2]);
    // The recheck armed for the waiting request runs once and arms nothing more.
    jest.advanceTimersByTime(PENDING_REQUESTS_RECHECK_MS);
    respond(2);
    jest.advanceTimersByTime(PENDING_REQUESTS_RECHECK_MS);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rechecks a waiting request every 10 ms while it cannot be sent', () => {
    const QueueClass = freshQueueClass();
    fixKafkajsIdleTimerLoop(QueueClass);
    const { queue, push } = driver(QueueClass, 1);
    push(1);
    push(2);
    const check = jest.spyOn(queue, 'checkPendingRequests');
    jest.advanceTimersByTime(3 * PENDING_REQUESTS_RECHECK_MS);
    expect(check).toHaveBeenCalledTimes(3);
    expect(jest.getTimerCount()).toBe(1);
  });

  it('is idempotent and leaves other classes alone', () => {
    const QueueClass = freshQueueClass();
    fixKafkajsIdleTimerLoop(QueueClass);
    const patched = QueueClass.prototype.scheduleCheckPendingRequests;
    fixKafkajsIdleTimerLoop(QueueClass);
    expect(QueueClass.prototype.scheduleCheckPendingRequests).toBe(patched);
    expect(freshQueueClass().prototype.scheduleCheckPendingRequests).not.toBe(patched);
  });

  it('refuses a RequestQueue without the methods it replaces (a changed kafkajs)', () => {
    expect(() =>
      fixKafkajsIdleTimerLoop({ prototype: {} as KafkajsRequestQueueInternals }),
    ).toThrow(/review libs\/kafka\/src\/kafkajs-idle-timer\.fix\.ts/);
  });

  it('patches kafkajs itself by default', () => {
    fixKafkajsIdleTimerLoop();
    const { sent, push, respond } = driver(KafkajsRequestQueue);
    push(1);
    respond(1);
    expect(sent).toEqual([1]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("is applied by createKafkaClient, so every service's client has it", () => {
    // A fresh module registry: kafkajs' class as loaded, before any spec above patched it.
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
      const unpatched = fresh.prototype.scheduleCheckPendingRequests;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const factory = require('./kafka-client.factory') as {
        createKafkaClient: typeof createKafkaClient;
      };
      factory.createKafkaClient(testBusConfig(), silentBusLogger);
      expect(fresh.prototype.scheduleCheckPendingRequests).not.toBe(unpatched);
    });
  });
});
