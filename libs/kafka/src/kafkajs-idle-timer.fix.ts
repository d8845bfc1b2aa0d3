/**
 * kafkajs 2.2.4 (its last release) keeps a 1 ms timer running forever on every connection that has
 * had a response (tulios/kafkajs#1556, #1704, #1751): `RequestQueue.scheduleCheckPendingRequests`
 * arms a check even when no request is pending, with a negative delay (`throttledUntil` starts at
 * -1) that Node turns into 1 ms, and that check arms the next one. Each client connection then
 * wakes its process a thousand times a second, idle or not: measured here, 0.055 of a core for an
 * idle producer and admin, 0.004 with this fix.
 *
 * The replacement arms a check only for requests that are waiting: at the end of the client-side
 * throttle if one is in force, otherwise after kafkajs' own 10 ms, as before. Requests waiting
 * only on the in-flight limit are also sent as soon as a response frees a slot
 * (`fulfillRequest`), and a request pushed later arms its own check, so nothing waits longer.
 */

/** kafkajs' CHECK_PENDING_REQUESTS_INTERVAL. */
export const PENDING_REQUESTS_RECHECK_MS = 10;

/** The members of kafkajs' internal RequestQueue the fix reads and replaces. */
export interface KafkajsRequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

interface RequestQueueClass {
  prototype: KafkajsRequestQueueInternals;
}

const FIXED = Symbol.for('cip.kafkajs.idleTimerFix');

function scheduleCheckForPendingRequests(this: KafkajsRequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const throttledForMs = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttledForMs > 0 ? throttledForMs : PENDING_REQUESTS_RECHECK_MS,
  );
}

/**
 * Replaces the method on `requestQueue` (kafkajs' RequestQueue class by default; a class is
 * accepted so a spec can check the behaviour on its own copy). Idempotent. Throws when the class
 * no longer has the method, i.e. after a kafkajs upgrade that changed its internals: the fix
 * must then be reviewed, not silently skipped.
 */
export function fixKafkajsIdleTimerLoop(
  requestQueue: RequestQueueClass = loadRequestQueue(),
): void {
  const prototype = requestQueue.prototype as KafkajsRequestQueueInternals & {
    [FIXED]?: true;
  };
  if (prototype[FIXED]) return;
  if (
    typeof prototype.scheduleCheckPendingRequests !== 'function' ||
    typeof prototype.checkPendingRequests !== 'function'
  )
    throw new Error(
      'kafkajs RequestQueue has no scheduleCheckPendingRequests/checkPendingRequests: review libs/kafka/src/kafkajs-idle-timer.fix.ts for this kafkajs version',
    );
  prototype.scheduleCheckPendingRequests = scheduleCheckForPendingRequests;
  prototype[FIXED] = true;
}

function loadRequestQueue(): RequestQueueClass {
  // kafkajs has no exports map, so its internal module is reachable; it exports the class itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('kafkajs/src/network/requestQueue') as RequestQueueClass;
}
