import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AgentDepartureStatusName = 'pending' | 'completed';

/**
 * An agent who left (domain.md §5: call every one of their customers). `pending` until every
 * customer of its snapshot (agent_departure_customer) was settled; the counts are its progress.
 */
@Entity({ name: 'agent_departure' })
@Check('CHK_agent_departure_status', `"status" IN ('pending', 'completed')`)
@Index('IDX_agent_departure_pending', ['leftAt'], { where: `"status" = 'pending'` })
@Index('IDX_agent_departure_agent', ['agentId'])
export class AgentDepartureEntity {
  /** Hash of (agent, leftAt): a repeated request finds the same departure. */
  @PrimaryColumn({ name: 'departure_id', type: 'text' })
  departureId!: string;

  @Column({ name: 'agent_id', type: 'text' })
  agentId!: string;

  @Column({ name: 'left_at', type: 'timestamptz' })
  leftAt!: Date;

  @Column({ name: 'successor_agent_id', type: 'text', nullable: true })
  successorAgentId!: string | null;

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'status', type: 'text', default: 'pending' })
  status!: AgentDepartureStatusName;

  @Column({ name: 'customers_found', type: 'int', default: 0 })
  customersFound!: number;

  @Column({ name: 'customers_alerted', type: 'int', default: 0 })
  customersAlerted!: number;

  @Column({ name: 'customers_skipped', type: 'int', default: 0 })
  customersSkipped!: number;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
