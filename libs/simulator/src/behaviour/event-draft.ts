import type { ContactEventOf, ContactEventType } from '@cip/contracts';

/** An event before it gets its envelope: what happened, when, and which system saw it. */
export type EventDraft = {
  [T in ContactEventType]: {
    at: number;
    type: T;
    source: string;
    payload: ContactEventOf<T>['payload'];
  };
}[ContactEventType];

export function draft<T extends ContactEventType>(
  at: number,
  type: T,
  source: string,
  payload: ContactEventOf<T>['payload'],
): EventDraft {
  // Whole milliseconds, as the ISO timestamp will carry them.
  return { at: Math.ceil(at), type, source, payload } as EventDraft;
}
