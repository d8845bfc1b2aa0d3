/** Arm an absence timer: the `after` event of an absence trigger was seen. */
export interface ArmAbsenceTimer {
  /** Deterministic (customer, trigger, arming event): re-arming on a redelivery is a no-op. */
  timerId: string;
  customerId: string;
  triggerId: string;
  /** The `correlateOn` payload value of the arming event; '' when the trigger has none. */
  correlationKey: string;
  armedByEventId: string;
  armedByEventType: string;
  correlationId: string;
  /** The arming event's time; the window runs from here. */
  armedAt: Date;
  dueAt: Date;
  /** Arm only if the customer never had a timer of this trigger ("no second purchase"). */
  armOnce: boolean;
}

/**
 * Cancel the armed timers of (customer, trigger, correlation key) that the `missing` event
 * answers: armed at or before it, by another event, and not yet due when it happened.
 */
export interface CancelAbsenceTimers {
  customerId: string;
  triggerId: string;
  correlationKey: string;
  resolvedByEventId: string;
  resolvedAt: Date;
}

/** The timer changes one contact event asks for; cancellations apply before arms. */
export interface AbsenceTimerPlan {
  cancel: CancelAbsenceTimers[];
  arm: ArmAbsenceTimer[];
}

/** An armed timer whose due time has come, claimed by one instance. */
export interface DueAbsenceTimer {
  timerId: string;
  customerId: string;
  triggerId: string;
  correlationKey: string;
  armedByEventId: string;
  armedByEventType: string;
  correlationId: string;
  armedAt: Date;
  dueAt: Date;
}

/**
 * What became of a due timer: `fired` (alert published), `suppressed` (the pair was cooling
 * down) or `dropped` (its trigger is no longer an enabled absence trigger).
 */
export type TimerOutcome = 'fired' | 'suppressed' | 'dropped';
