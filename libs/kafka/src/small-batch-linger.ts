import type { BatchHandler } from './message-bus';
import { sleep } from './retry-backoff.policy';

export interface SmallBatchLinger {
  /** A call with fewer messages than this holds the next fetch back when it is done. */
  belowMessages: number;
  /** For how long, in ms. */
  waitMs: number;
}

/**
 * At low rates each fetch brings one or two messages and every call pays all its round trips
 * for them. After a small call succeeds, a short wait before returning (kafkajs fetches again
 * only once every batch of the fetch returned) lets the messages arriving meanwhile gather for
 * the next fetch, so calls carry several; the messages in hand are handled at once, and only
 * those arriving during the wait wait at most that long. Unlike a wait on the broker
 * (fetch.min.bytes with a short max wait, which makes an idle consumer fetch every few ms), an
 * idle consumer still long-polls, so it costs nothing when there is nothing to do. Only first
 * attempts wait (retries have their backoff), and the wait ends as soon as the consumer stops.
 */
export function lingerOnSmallBatches(
  handler: BatchHandler,
  linger: SmallBatchLinger,
): BatchHandler {
  return async (messages, context) => {
    const result = await handler(messages, context);
    if (context.attempt === 1 && messages.length < linger.belowMessages) {
      await sleep(linger.waitMs, context.signal);
    }
    return result;
  };
}
