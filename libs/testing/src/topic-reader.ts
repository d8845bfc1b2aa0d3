import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning in the background, so a test can wait for records to appear
 * (or assert that no more did within a quiet period).
 */
export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private consumer: Consumer | undefined;

  private constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  static async start(brokers: string[], topics: string[]): Promise<TopicReader> {
    const reader = new TopicReader(
      new Kafka({ clientId: 'cip-test-reader', brokers, logLevel: logLevel.NOTHING }),
      topics,
    );
    await reader.run();
    return reader;
  }

  private async run(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `cip-test-reader-${randomBytes(6).toString('hex')}`,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    let joined: () => void = () => undefined;
    const hasJoined = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined)
            headers[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
        }
        const text = message.value?.toString('utf8') ?? null;
        let value: unknown = text;
        try {
          value = text === null ? null : JSON.parse(text);
        } catch {
          // Kept as raw text: dead-letter tests read malformed payloads back.
        }
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          headers,
        });
      },
    });
    await hasJoined;
  }

  /** Waits until `predicate` holds over the messages read so far. */
  async waitFor<T>(
    select: (messages: ReadMessage[]) => T | undefined | false,
    timeoutMs = 20_000,
    description = 'expected messages',
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = select(this.messages);
      if (found !== undefined && found !== false) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${description}; read ${this.messages.length} messages`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  on(topic: string): ReadMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
