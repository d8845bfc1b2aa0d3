export interface MicroBatcherOptions<In, Out> {
  /**
   * Does the work for a batch; must return one result per item, in order. A rejection fails every
   * item of that batch with the same error.
   */
  flush(items: In[]): Promise<Out[]>;
  /** Largest batch handed to `flush`. */
  maxBatchSize: number;
  /** Batches allowed in flight at once (1 keeps them strictly one after the other). */
  maxConcurrentFlushes: number;
  /** Items allowed to wait for a flush; beyond it `submit` fails at once with `overloaded()`. */
  maxQueued: number;
  overloaded(): Error;
  /**
   * When a flush fails, fail the items still waiting too: the dependency just failed, so their
   * callers are better told now (and retry later) than after another full timeout.
   */
  failQueuedOnError?: boolean;
  /**
   * When a flush of several items fails, flush each of them alone: one bad item (a row the
   * database refuses) then fails only its own caller. For all-or-nothing flushes (a SQL statement).
   */
  retryItemsAlone?: boolean;
  /**
   * How long a batch that starts from idle waits for more items before it is flushed (Kafka's
   * linger.ms). 0 (default) flushes at the end of the current event loop turn. A millisecond or two
   * turns a stream of lone requests into batches a fraction as many round trips cost, for at most
   * that much added latency; a full batch never waits.
   */
  lingerMs?: number;
}

interface Waiting<In, Out> {
  item: In;
  resolve(result: Out): void;
  reject(error: unknown): void;
}

/**
 * Gathers items submitted by concurrent callers into batches: everything submitted in one event
 * loop turn, plus everything that arrives while the flushes in flight are busy, goes out together.
 * Under light load a batch holds one item and waits for nothing; under heavy load batches grow
 * toward `maxBatchSize` on their own. Each caller's promise settles with its own item's result.
 * The queue is bounded, so a slow dependency turns into prompt failures instead of a growing backlog.
 */
export class MicroBatcher<In, Out> {
  private queue: Waiting<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private linger: NodeJS.Timeout | undefined;

  constructor(private readonly options: MicroBatcherOptions<In, Out>) {}

  /** Items waiting for a flush (not counting those in flight). */
  get queued(): number {
    return this.queue.length;
  }

  submit(item: In): Promise<Out> {
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(this.options.overloaded());
    }
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.linger && this.queue.length >= this.options.maxBatchSize) this.flushNow();
      else this.schedule();
    });
  }

  /** Submits several items as one unit: all are queued, or (queue too full) all fail. */
  submitAll(items: readonly In[]): Promise<Out>[] {
    if (this.queue.length + items.length > this.options.maxQueued) {
      const error = this.options.overloaded();
      return items.map(() => Promise.reject(error));
    }
    return items.map((item) => this.submit(item));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxConcurrentFlushes) return;
    this.scheduled = true;
    const lingerMs = this.options.lingerMs ?? 0;
    if (lingerMs > 0) {
      this.linger = setTimeout(() => this.flushNow(), lingerMs);
      return;
    }
    // setImmediate, not a microtask: callers that submit in the same turn (a batch request, or
    // requests parsed from one socket read) land in the same flush.
    setImmediate(() => this.flushNow());
  }

  private flushNow(): void {
    clearTimeout(this.linger);
    this.linger = undefined;
    this.scheduled = false;
    this.flushNext();
  }

  private flushNext(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxConcurrentFlushes) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.flushNext();
      });
    }
  }

  private async run(batch: Waiting<In, Out>[]): Promise<void> {
    try {
      const results = await this.options.flush(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`flush returned ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((w, i) => w.resolve(results[i] as Out));
    } catch (error) {
      if (this.options.retryItemsAlone && batch.length > 1) {
        await Promise.all(batch.map((w) => this.run([w])));
        return;
      }
      batch.forEach((w) => w.reject(error));
      if (this.options.failQueuedOnError) {
        const waiting = this.queue;
        this.queue = [];
        waiting.forEach((w) => w.reject(error));
      }
    }
  }
}
