import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AbsenceTimerStatus = 'armed' | 'cancelled' | 'fired' | 'suppressed' | 'dropped';

/**
 * A durable absence timer ("complaint filed and not resolved within 48 h"): armed by the `after`
 * event, cancelled by the `missing` one, fired by the poller once due (FOR UPDATE SKIP LOCKED).
 */
@Entity({ name: 'absence_timer' })
@Check(
  'CHK_absence_timer_status',
  `"status" IN ('armed', 'cancelled', 'fired', 'suppressed', 'dropped')`,
)
@Index('IDX_absence_timer_due', ['dueAt'], { where: `"status" = 'armed'` })
@Index('IDX_absence_timer_customer_trigger', ['customerId', 'triggerId', 'correlationKey'])
export class AbsenceTimerEntity {
  /** Deterministic (customer, trigger, arming event): a redelivered arm is a no-op. */
  @PrimaryColumn({ name: 'timer_id', type: 'text' })
  timerId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'trigger_id', type: 'text' })
  triggerId!: string;

  /** The `correlateOn` payload value (e.g. the complaintId); '' when the trigger has none. */
  @Column({ name: 'correlation_key', type: 'text' })
  correlationKey!: string;

  @Column({ name: 'armed_by_event_id', type: 'text' })
  armedByEventId!: string;

  @Column({ name: 'armed_by_event_type', type: 'text' })
  armedByEventType!: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column({ name: 'armed_at', type: 'timestamptz' })
  armedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'status', type: 'text', default: 'armed' })
  status!: AbsenceTimerStatus;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  /** The cancelling event id, or the alert id of a firing. */
  @Column({ name: 'settled_by', type: 'text', nullable: true })
  settledBy!: string | null;
}
