import { HEADERS, deadLetterTopicOf } from '@cip/contracts';
import { errorCodeOf, errorReasonOf } from './error-summary';
import type { IncomingMessage, OutgoingMessage, TopicMessages } from './message-bus';

export interface DeadLetterFailure {
  error: unknown;
  /** Handler attempts made before giving up (1 for a poison message). */
  attempts: number;
  groupId: string;
  failedAt: Date;
}

/**
 * The original headers plus why, where and when the message failed. Existing dead-letter headers
 * (a replayed message that failed again) are overwritten so they describe the latest failure.
 */
export function buildDeadLetterHeaders(
  message: IncomingMessage,
  failure: DeadLetterFailure,
): Record<string, string> {
  return {
    ...message.headers,
    [HEADERS.deadLetterReason]: errorReasonOf(failure.error),
    [HEADERS.deadLetterErrorCode]: errorCodeOf(failure.error),
    [HEADERS.deadLetterOriginalTopic]: message.topic,
    [HEADERS.deadLetterOriginalPartition]: String(message.partition),
    [HEADERS.deadLetterOriginalOffset]: message.offset,
    [HEADERS.deadLetterAttempts]: String(failure.attempts),
    [HEADERS.deadLetterFailedAt]: failure.failedAt.toISOString(),
    [HEADERS.deadLetterConsumerGroup]: failure.groupId,
  };
}

/** The original key and bytes, untouched, on `<topic>.dlt`, so a replay can re-publish them as is. */
export function buildDeadLetterRecord(
  message: IncomingMessage,
  failure: DeadLetterFailure,
): TopicMessages {
  const record: OutgoingMessage = {
    key: message.key,
    value: message.value,
    headers: buildDeadLetterHeaders(message, failure),
  };
  return { topic: deadLetterTopicOf(message.topic), messages: [record] };
}
