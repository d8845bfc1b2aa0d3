import type { LifecycleSignal } from './lifecycle-signal';
import type { TriggerCondition } from './trigger-condition';

/** True when `signal` satisfies `condition`. Pure; exhaustive over both unions. */
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
    default:
      return assertNever(condition);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled condition ${JSON.stringify(value)}`);
}
