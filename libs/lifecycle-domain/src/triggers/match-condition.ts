import { matchesEvent } from './event-matcher';
import type { LifecycleSignal } from './lifecycle-signal';
import type { TriggerCondition } from './trigger-condition';

/**
 * True when `signal` on its own satisfies `condition`. Pure; exhaustive over both unions.
 * `event-count` and `absence` need state (the customer's recent hits, a durable timer), so no
 * single signal satisfies them here: evaluateContactEvent and the timer use case handle them.
 */
export function matchesCondition(condition: TriggerCondition, signal: LifecycleSignal): boolean {
  switch (condition.kind) {
    case 'segment-entered':
    case 'segment-exited': {
      if (signal.kind !== 'membership-changed') return false;
      const wanted = condition.kind === 'segment-entered' ? 'entered' : 'exited';
      // A merged-away customer's exits are bookkeeping: the person lives on as the survivor.
      if (signal.event.payload.cause === 'merge') return false;
      return (
        signal.event.payload.segmentId === condition.segmentId &&
        signal.event.payload.change === wanted
      );
    }
    case 'event':
      return signal.kind === 'contact-event' && matchesEvent(condition.event, signal.event);
    case 'event-count':
    case 'absence':
    case 'agent-departed': // no signal: fired by the agent-departure worker
      return false;
    default:
      return assertNever(condition);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled condition ${JSON.stringify(value)}`);
}
