export * from './message-bus';
export * from './bus-logger';
export * from './bus-unavailable.error';
export { backoffDelayMs, DEFAULT_MAX_BACKOFF_MS } from './retry-backoff.policy';
export {
  buildDeadLetterHeaders,
  buildDeadLetterRecord,
  type DeadLetterFailure,
} from './dead-letter-headers.builder';
export { errorCodeOf, errorReasonOf, MAX_DEAD_LETTER_REASON_CHARS } from './error-summary';
export { KafkajsPublisher, type KafkajsPublisherOptions } from './kafkajs-publisher';
export { KafkajsConsumerFactory, type KafkajsConsumerFactoryOptions } from './kafkajs-consumer';
export { KafkajsBusHealth, DEFAULT_HEALTH_TIMEOUT_MS } from './kafkajs-health';
export { KafkajsTopicAdmin } from './kafkajs-topic-admin';
export { KeyHashPartitioner } from './key-hash.partitioner';
export { applyKafkajsPatches } from './kafkajs-patches';
export {
  createKafkaBus,
  createKafkaClient,
  createIdempotentProducer,
  type KafkaBus,
  type KafkaBusConfig,
  type KafkaBusOptions,
} from './kafka-client.factory';
export * from './kafka.module';
export * from './decode-customer-event';
export { lingerOnSmallBatches, type SmallBatchLinger } from './small-batch-linger';
