/** Kafka header names. W3C trace context travels in `traceparent` / `tracestate`. */
export const HEADERS = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  eventType: 'cip-event-type',
  schemaVersion: 'cip-schema-version',
  deadLetterReason: 'cip-dlt-reason',
  deadLetterErrorCode: 'cip-dlt-error-code',
  deadLetterOriginalTopic: 'cip-dlt-original-topic',
  deadLetterOriginalPartition: 'cip-dlt-original-partition',
  deadLetterOriginalOffset: 'cip-dlt-original-offset',
  deadLetterAttempts: 'cip-dlt-attempts',
  deadLetterFailedAt: 'cip-dlt-failed-at',
  deadLetterConsumerGroup: 'cip-dlt-consumer-group',
} as const;
