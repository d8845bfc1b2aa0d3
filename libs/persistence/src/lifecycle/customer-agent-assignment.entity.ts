import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The agent assigned to each customer, learnt from customer-profile-changed events. A customer
 * whose agent was removed keeps its row (agent_id null) so the profile version still orders
 * later changes: a replayed older event never overwrites a newer one.
 */
@Entity({ name: 'customer_agent_assignment' })
@Index('IDX_customer_agent_assignment_agent', ['agentId', 'customerId'], {
  where: `"agent_id" IS NOT NULL`,
})
export class CustomerAgentAssignmentEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId!: string | null;

  @Column({ name: 'profile_version', type: 'int' })
  profileVersion!: number;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
