import type { KafkaMessage } from 'kafkajs';
import type { IncomingMessage } from './message-bus';
import { fromKafkaHeaders } from './message-headers.mapper';

/** kafkajs record → our client-neutral `IncomingMessage` (keys are UTF-8 customer ids). */
export function toIncomingMessage(
  topic: string,
  partition: number,
  message: KafkaMessage,
): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value,
    headers: fromKafkaHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}
