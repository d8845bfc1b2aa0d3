import type { ServiceConfig } from '@cip/config';
import { Kafka, logLevel, type Producer, type RetryOptions } from 'kafkajs';
import { KeyHashPartitioner } from './key-hash.partitioner';
import type { BusLogger } from './bus-logger';
import { KafkajsConsumerFactory } from './kafkajs-consumer';
import { applyKafkajsPatches } from './kafkajs-patches';
import { DEFAULT_HEALTH_TIMEOUT_MS, KafkajsBusHealth } from './kafkajs-health';
import { kafkajsLogCreator } from './kafkajs-log.adapter';
import { KafkajsPublisher } from './kafkajs-publisher';
import { KafkajsTopicAdmin } from './kafkajs-topic-admin';

export type KafkaBusConfig = ServiceConfig['kafka'];

/** Knobs that are not in the service config; the defaults suit services and tests alike. */
export interface KafkaBusOptions {
  connectionTimeoutMs?: number;
  /**
   * Defaults to produceTimeoutMs + 1 s: a produce request may take its broker-side timeout, and
   * kafkajs' disconnect waits for requests in flight, so this also bounds shutdown against a hung
   * broker.
   */
  requestTimeoutMs?: number;
  healthTimeoutMs?: number;
  /** See KafkajsConsumerFactoryOptions. */
  consumerMaxWaitTimeInMs?: number;
  maxRetryBackoffMs?: number;
  now?: () => Date;
  /** See KafkajsPublisherOptions.lanes. */
  producerLanes?: number;
}

/**
 * Parallel producer lanes a publisher offers (PublishOptions.lane). Unused lanes cost nothing;
 * a high-rate publisher that spreads keys over them is no longer held to one produce round trip
 * at a time.
 */
const DEFAULT_PRODUCER_LANES = 2;

const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;

/**
 * The kafkajs client for one service: its logs go to our logger at WARN and above, never the
 * console.
 *
 * kafkajs cannot cancel a retry loop: a connect that failed for the caller keeps retrying in the
 * background, even after disconnect(). The client-level retry budget (connects, metadata) is
 * therefore sized to end within about the produce timeout, so an outage leaves no long-lived
 * timers and shutdown is never held up by them. kafkajs is patched first (`applyKafkajsPatches`):
 * no 1 ms timer per connection, Produce requests encoded in one pass.
 */
export function createKafkaClient(
  config: KafkaBusConfig,
  logger: BusLogger,
  options: KafkaBusOptions = {},
  retry: RetryOptions = boundedRetry(config.produceTimeoutMs),
): Kafka {
  applyKafkajsPatches();
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestTimeout: options.requestTimeoutMs ?? config.produceTimeoutMs + 1_000,
    retry,
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(logger),
  });
}

/** Four retries, doubling from timeout/20: about 0.75 × timeout of waiting in total. */
function boundedRetry(timeoutMs: number): RetryOptions {
  return {
    retries: 4,
    initialRetryTime: Math.max(50, Math.floor(timeoutMs / 20)),
    maxRetryTime: timeoutMs,
  };
}

/**
 * An idempotent producer: acks=all is forced by kafkajs for idempotence, one request in flight
 * (kafkajs' sequence bookkeeping is only safe that way, see ProducerGeneration), and a bounded
 * retry budget that fits inside the produce timeout (a producer that gives up is replaced).
 */
export function createIdempotentProducer(kafka: Kafka, config: KafkaBusConfig): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // Java-compatible murmur2: the same key lands on the same partition as with other clients.
    createPartitioner: KeyHashPartitioner,
    retry: boundedRetry(config.produceTimeoutMs),
  });
}

/** Everything a service needs from Kafka, behind our own interfaces. */
export interface KafkaBus {
  readonly publisher: KafkajsPublisher;
  readonly consumers: KafkajsConsumerFactory;
  readonly health: KafkajsBusHealth;
  readonly topics: KafkajsTopicAdmin;
  /** Connects the producer; fails fast (BusUnavailableError) if Kafka is not there. */
  connect(): Promise<void>;
  /** Stops every consumer started through `consumers`: in-flight batches finish and commit. */
  stopConsumers(): Promise<void>;
  /** Disconnects the producer and the health admin. Call after `stopConsumers`. */
  disconnect(): Promise<void>;
  /** `stopConsumers()` then `disconnect()`: consumers may still publish while they finish. */
  close(): Promise<void>;
}

export function createKafkaBus(
  config: KafkaBusConfig,
  logger: BusLogger,
  options: KafkaBusOptions = {},
): KafkaBus {
  const kafka = createKafkaClient(config, logger, options);
  const publisher = new KafkajsPublisher({
    createProducer: () => createIdempotentProducer(kafka, config),
    produceTimeoutMs: config.produceTimeoutMs,
    logger,
    lanes: options.producerLanes ?? DEFAULT_PRODUCER_LANES,
  });
  const consumers = new KafkajsConsumerFactory({
    kafka,
    publisher,
    logger,
    maxHandlerAttempts: config.maxHandlerAttempts,
    retryBackoffMs: config.retryBackoffMs,
    maxBackoffMs: options.maxRetryBackoffMs,
    maxWaitTimeInMs: options.consumerMaxWaitTimeInMs,
    commitIntervalMs: config.commitIntervalMs,
    now: options.now,
  });
  // A probe reports the state now and must not leave retries behind: its own client never retries.
  const probeClient = createKafkaClient(config, logger, options, { retries: 0 });
  const health = new KafkajsBusHealth(
    () => probeClient.admin(),
    options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS,
  );
  const topics = new KafkajsTopicAdmin(() => kafka.admin());

  const stopConsumers = (): Promise<void> => consumers.stopAll();
  const disconnect = async (): Promise<void> => {
    await Promise.all([publisher.disconnect(), health.close()]);
  };
  return {
    publisher,
    consumers,
    health,
    topics,
    connect: () => publisher.connect(),
    stopConsumers,
    disconnect,
    close: async () => {
      await stopConsumers();
      await disconnect();
    },
  };
}
