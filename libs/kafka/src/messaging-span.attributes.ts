/**
 * OpenTelemetry messaging semantic-convention attribute names we set, spelled out here so the
 * library needs only @opentelemetry/api (the semconv package is an app-level choice).
 */
export const MESSAGING_ATTRIBUTES = {
  system: 'messaging.system',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  destination: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
  consumerGroup: 'messaging.consumer.group.name',
  batchCount: 'messaging.batch.message_count',
  offset: 'messaging.kafka.offset',
  /** Not semconv: how many handler attempts a message took. */
  attempts: 'cip.messaging.attempts',
} as const;

export const MESSAGING_SYSTEM_KAFKA = 'kafka';

/** Instrumentation scope of every span this library starts. */
export const TRACER_NAME = '@cip/kafka';
