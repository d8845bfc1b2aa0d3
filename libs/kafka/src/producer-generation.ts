import type { Producer, ProducerBatch } from 'kafkajs';
import {
  coalesceProducerBatches,
  MAX_COALESCED_BYTES,
  producerBatchBytes,
} from './coalesce-producer-batches';

/** What a queued send learns when its turn comes. */
export type SendOutcome = 'sent' | 'retired' | 'abandoned';

export interface SendTicket {
  /** False once the caller gave up (timed out): a send still waiting for its turn is skipped. */
  isWanted(): boolean;
  /** Called when the send actually starts on this generation. */
  onStart(): void;
}

interface QueuedSend {
  batch: ProducerBatch;
  bytes: number;
  ticket: SendTicket;
  settle(outcome: SendOutcome): void;
  fail(error: unknown): void;
}

/**
 * One kafkajs idempotent producer (one producer id) and its send queue.
 *
 * Why sends are serialised and a generation is retired after any failure: kafkajs rolls a
 * partition's sequence number back whenever a produce request fails, even when the broker had
 * written the batch (e.g. the response timed out). The next batch then reuses those numbers and
 * the broker drops it as a duplicate or rejects it as out of order: silent loss or a stuck
 * producer. So one request runs at a time, and after a failure the generation takes no more work;
 * the publisher opens a new one (fresh producer id, fresh sequences) and this one disconnects
 * once its last send settled.
 *
 * Sends that queue up behind the request in flight leave together, as one request, when it
 * completes (up to MAX_COALESCED_BYTES): callers publishing at once (concurrent partition
 * batches) wait for one round trip instead of one each. They share its outcome.
 */
export class ProducerGeneration {
  private readonly queue: QueuedSend[] = [];
  private sending = false;
  private retired = false;
  private connection: Promise<void> | undefined;
  private inFlight: Promise<unknown> | undefined;
  private disconnecting: Promise<void> | undefined;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly producer: Producer,
    private readonly hooks: { onDisconnected(): void; onDisconnectError(error: unknown): void },
  ) {}

  get isRetired(): boolean {
    return this.retired;
  }

  /** Connects once; a failed connect retires the generation (the next one connects afresh). */
  connect(): Promise<void> {
    this.connection ??= this.producer.connect().catch((error: unknown) => {
      this.retire();
      throw error;
    });
    return this.connection;
  }

  /**
   * Sends after every earlier send of this generation settled (possibly in one request with
   * others queued meanwhile). Resolves 'retired' without sending when the generation was retired
   * before this send's turn (the caller moves to the next one).
   */
  send(batch: ProducerBatch, ticket: SendTicket): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve, reject) => {
      if (this.retired) return resolve('retired');
      this.queue.push({
        batch,
        bytes: producerBatchBytes(batch),
        ticket,
        settle: resolve,
        fail: reject,
      });
      this.sendNext();
    });
  }

  /** Takes no more sends; disconnects once the send in flight (if any) settled. */
  retire(): void {
    if (this.retired) return;
    this.retired = true;
    // Queued sends must not be held hostage behind a hung one: they move on right away.
    for (const queued of this.queue.splice(0)) queued.settle('retired');
    this.notifyIfIdle();
    void Promise.allSettled([this.inFlight]).then(() => this.disconnect());
  }

  /**
   * Disconnects now, failing a send still in flight (its caller is answered by then or gets
   * BUS_UNAVAILABLE). Used at shutdown, after in-flight publishes had their chance. Idempotent.
   */
  disconnect(): Promise<void> {
    this.retire();
    this.disconnecting ??= this.producer
      .disconnect()
      .catch((error: unknown) => this.hooks.onDisconnectError(error))
      .finally(() => this.hooks.onDisconnected());
    return this.disconnecting;
  }

  /** Settles when nothing is queued or in flight; never rejects. */
  idle(): Promise<void> {
    if (!this.sending && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private sendNext(): void {
    if (this.sending) return;
    if (this.retired) return this.notifyIfIdle();
    const group = this.takeGroup();
    if (group.length === 0) return this.notifyIfIdle();
    this.sending = true;
    for (const queued of group) queued.ticket.onStart();
    const batch = coalesceProducerBatches(group.map((queued) => queued.batch));
    const sending = this.connect().then(() => this.producer.sendBatch(batch));
    this.inFlight = sending;
    sending
      .then(
        () => {
          for (const queued of group) queued.settle('sent');
        },
        (error: unknown) => {
          this.retire();
          for (const queued of group) queued.fail(error);
        },
      )
      .finally(() => {
        this.sending = false;
        this.sendNext();
      });
  }

  /** The next sends still wanted, oldest first, up to the byte budget (at least one). */
  private takeGroup(): QueuedSend[] {
    const group: QueuedSend[] = [];
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as QueuedSend;
      if (!next.ticket.isWanted()) {
        this.queue.shift();
        next.settle('abandoned');
        continue;
      }
      if (group.length > 0 && bytes + next.bytes > MAX_COALESCED_BYTES) break;
      this.queue.shift();
      group.push(next);
      bytes += next.bytes;
    }
    return group;
  }

  private notifyIfIdle(): void {
    if (this.sending || this.queue.length > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
