import type { Producer, ProducerBatch } from 'kafkajs';

/** What a queued send learns when its turn comes. */
export type SendOutcome = 'sent' | 'retired' | 'abandoned';

export interface SendTicket {
  /** False once the caller gave up (timed out): a send still waiting for its turn is skipped. */
  isWanted(): boolean;
  /** Called when the send actually starts on this generation. */
  onStart(): void;
}

/**
 * One kafkajs idempotent producer (one producer id) and its send queue.
 *
 * Why sends are serialised and a generation is retired after any failure: kafkajs rolls a
 * partition's sequence number back whenever a produce request fails, even when the broker had
 * written the batch (e.g. the response timed out). The next batch then reuses those numbers and
 * the broker drops it as a duplicate or rejects it as out of order: silent loss or a stuck
 * producer. So one send runs at a time, and after a failure the generation takes no more work;
 * the publisher opens a new one (fresh producer id, fresh sequences) and this one disconnects
 * once its last send settled.
 */
export class ProducerGeneration {
  private tail: Promise<unknown> = Promise.resolve();
  private retired = false;
  private readonly retirement: Promise<void>;
  private markRetired!: () => void;
  private connection: Promise<void> | undefined;
  private inFlight: Promise<unknown> | undefined;
  private disconnecting: Promise<void> | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly hooks: { onDisconnected(): void; onDisconnectError(error: unknown): void },
  ) {
    this.retirement = new Promise((resolve) => {
      this.markRetired = resolve;
    });
  }

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
   * Sends after every earlier send of this generation settled. Resolves 'retired' without sending
   * when the generation was retired before this send's turn (the caller moves to the next one).
   */
  send(batch: ProducerBatch, ticket: SendTicket): Promise<SendOutcome> {
    // A retired generation must not hold queued sends hostage behind a hung one.
    const turn = Promise.race([this.tail, this.retirement]).then(async (): Promise<SendOutcome> => {
      if (this.retired) return 'retired';
      if (!ticket.isWanted()) return 'abandoned';
      ticket.onStart();
      const sending = this.connect().then(() => this.producer.sendBatch(batch));
      this.inFlight = sending;
      try {
        await sending;
        return 'sent';
      } catch (error) {
        this.retire();
        throw error;
      }
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Takes no more sends; disconnects once the send in flight (if any) settled. */
  retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.markRetired();
    void Promise.allSettled([this.inFlight]).then(() => this.disconnect());
  }

  /**
   * Disconnects now, failing a send still in flight (its caller is answered by then or gets
   * BUS_UNAVAILABLE). Used at shutdown, after in-flight publishes had their chance. Idempotent.
   */
  disconnect(): Promise<void> {
    this.retired = true;
    this.markRetired();
    this.disconnecting ??= this.producer
      .disconnect()
      .catch((error: unknown) => this.hooks.onDisconnectError(error))
      .finally(() => this.hooks.onDisconnected());
    return this.disconnecting;
  }

  /** Settles when the send in flight (if any) settled; never rejects. */
  async idle(): Promise<void> {
    await Promise.allSettled([this.tail]);
  }
}
