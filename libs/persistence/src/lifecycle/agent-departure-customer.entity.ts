import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AgentDepartureEntity } from './agent-departure.entity';

export type AgentDepartureCustomerStatus = 'pending' | 'alerted' | 'skipped';

/**
 * The customers a departure calls: the agent's customers when it was recorded. Each row is
 * settled (alerted or skipped) in the transaction that stores its alerts, so the pending rows
 * are where a crashed worker resumes.
 */
@Entity({ name: 'agent_departure_customer' })
@Check('CHK_agent_departure_customer_status', `"status" IN ('pending', 'alerted', 'skipped')`)
@Index('IDX_agent_departure_customer_pending', ['departureId', 'customerId'], {
  where: `"status" = 'pending'`,
})
export class AgentDepartureCustomerEntity {
  @PrimaryColumn({ name: 'departure_id', type: 'text' })
  departureId!: string;

  /** Declared for the schema only. */
  @ManyToOne(() => AgentDepartureEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'departure_id',
    foreignKeyConstraintName: 'FK_agent_departure_customer_departure',
  })
  departure?: AgentDepartureEntity;

  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'status', type: 'text', default: 'pending' })
  status!: AgentDepartureCustomerStatus;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;
}
