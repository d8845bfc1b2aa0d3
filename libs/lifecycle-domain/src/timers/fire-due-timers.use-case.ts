import type { Clock } from '../clock';
import type { TriggerDefinition } from '../definitions/trigger-definition';
import type { ProfileSource } from '../evaluation/batch-lookups';
import type { CooldownLookup } from '../evaluation/cooldown.port';
import { fireCandidates, type FiringCandidate } from '../evaluation/fire-candidates';
import type { FiredTrigger } from '../evaluation/fired-trigger';
import type { FiringCause } from '../evaluation/firing-cause';
import type { FiringPublisher } from '../raise-alerts/raise-alerts.ports';
import { describeDuration } from '../triggers/trigger-duration';
import type { DueAbsenceTimer, TimerOutcome } from './absence-timer';

export interface TimerSettlement {
  timerId: string;
  outcome: TimerOutcome;
  /** The firing to store with the outcome (outcome `fired` only). */
  fired?: FiredTrigger;
}

/**
 * Durable absence timers (Postgres in the service). `settleDue` claims up to `limit` armed timers
 * due at `now`, so that no other instance sees them (FOR UPDATE SKIP LOCKED), hands them to
 * `settle`, then stores the outcomes and the alerts in the same transaction. A crash before the
 * commit leaves them armed: the next claim re-fires them with the same ids.
 */
export interface DueTimerStore {
  settleDue(
    now: Date,
    limit: number,
    settle: (due: readonly DueAbsenceTimer[]) => Promise<TimerSettlement[]>,
  ): Promise<number>;
}

export interface FireDueTimersDeps {
  store: DueTimerStore;
  definitions: { get(): Promise<TriggerDefinition[]> };
  cooldown: CooldownLookup;
  publisher: FiringPublisher;
  clock: Clock;
  profiles?: ProfileSource;
  /** Timers claimed per transaction. */
  batchSize?: number;
}

/**
 * Fires the absence triggers whose timers came due, through the same path as every firing:
 * cooldown, severity from the customer's profile, trigger.fired (+ attrition alert), stored alert.
 * The timer id is the causing id, so the alert id is deterministic; raisedAt is the due time.
 */
export class FireDueTimersUseCase {
  readonly batchSize: number;

  constructor(private readonly deps: FireDueTimersDeps) {
    this.batchSize = deps.batchSize ?? 200;
  }

  /**
   * Settles one batch; returns how many timers it claimed (a full batch means: call again). The
   * claimed timers are decided together, in due order: one profile read and one cooldown round
   * trip for all of them, then one publish.
   */
  async tick(): Promise<number> {
    const now = this.deps.clock.now();
    return this.deps.store.settleDue(now, this.batchSize, async (due) => {
      const definitions = absenceDefinitionsById(await this.deps.definitions.get());
      const groups = due.map((timer): FiringCandidate[] => {
        const definition = definitions.get(timer.triggerId);
        return definition ? [{ definition, cause: timerCause(timer, definition) }] : [];
      });
      const fired = await fireCandidates(groups, {
        cooldown: this.deps.cooldown,
        now,
        profiles: this.deps.profiles,
      });
      const settlements = due.map((timer, i): TimerSettlement => {
        if (groups[i]?.length === 0) return { timerId: timer.timerId, outcome: 'dropped' };
        const firing = fired[i]?.[0];
        return firing
          ? { timerId: timer.timerId, outcome: 'fired', fired: firing }
          : { timerId: timer.timerId, outcome: 'suppressed' };
      });
      const all = settlements.flatMap((s) => (s.fired ? [s.fired] : []));
      if (all.length > 0) await this.deps.publisher.publish(all);
      return settlements;
    });
  }
}

/** The enabled absence triggers by id (the first one of an id wins, as `find` would). */
function absenceDefinitionsById(
  definitions: readonly TriggerDefinition[],
): Map<string, TriggerDefinition> {
  const byId = new Map<string, TriggerDefinition>();
  for (const d of definitions) {
    if (d.enabled && d.condition.kind === 'absence' && !byId.has(d.id)) byId.set(d.id, d);
  }
  return byId;
}

function timerCause(timer: DueAbsenceTimer, definition: TriggerDefinition): FiringCause {
  const condition = definition.condition;
  const missing =
    condition.kind === 'absence' ? condition.missing.types.join('/') : 'the awaited event';
  const within =
    condition.kind === 'absence' ? ` within ${describeDuration(condition.within)}` : '';
  const key = timer.correlationKey === '' ? '' : ` (${timer.correlationKey})`;
  return {
    customerId: timer.customerId,
    causingId: timer.timerId,
    correlationId: timer.correlationId,
    at: timer.dueAt,
    summary: `${timer.armedByEventType}${key} at ${timer.armedAt.toISOString()}, no ${missing}${within}`,
    evidence: {
      afterEventType: timer.armedByEventType,
      afterEventId: timer.armedByEventId,
      ...(timer.correlationKey === '' ? {} : { correlationKey: timer.correlationKey }),
      armedAt: timer.armedAt.toISOString(),
      dueAt: timer.dueAt.toISOString(),
    },
  };
}
