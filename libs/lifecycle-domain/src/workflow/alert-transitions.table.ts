import type { AlertStatus } from './alert-status';

/**
 * Who may move an alert along an edge: a `person` (supervisor or agent, through the API) or the
 * `system` (the expiry sweep). Only the sweep expires, so "expired" always means the deadline
 * passed without action, never that someone closed the alert early.
 */
export type TransitionActorKind = 'person' | 'system';

/** The workflow as data: open → acknowledged → actioned → resolved, or → expired on the deadline. */
export const ALERT_TRANSITIONS: Readonly<
  Record<AlertStatus, ReadonlyArray<{ to: AlertStatus; by: TransitionActorKind }>>
> = {
  open: [
    { to: 'acknowledged', by: 'person' },
    { to: 'expired', by: 'system' },
  ],
  acknowledged: [
    { to: 'actioned', by: 'person' },
    { to: 'expired', by: 'system' },
  ],
  actioned: [{ to: 'resolved', by: 'person' }],
  resolved: [],
  expired: [],
};

export function allowedTransitions(from: AlertStatus, by: TransitionActorKind): AlertStatus[] {
  return ALERT_TRANSITIONS[from].filter((edge) => edge.by === by).map((edge) => edge.to);
}
