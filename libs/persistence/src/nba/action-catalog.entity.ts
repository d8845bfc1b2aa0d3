import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export type ActionKind = 'retention' | 'upsell' | 'service' | 'nurture';

/**
 * An action an agent or a channel can take. `appliesToTriggers` lists the triggers it answers;
 * an empty list marks a default action, offered when the customer has no open alert.
 */
@Entity({ name: 'action_catalog' })
@Check('CHK_action_catalog_kind', `"kind" IN ('retention', 'upsell', 'service', 'nurture')`)
export class ActionCatalogEntity {
  @PrimaryColumn({ name: 'action_id', type: 'text' })
  actionId!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: ActionKind;

  /** phone | email | sms | ... */
  @Column({ name: 'channel', type: 'text' })
  channel!: string;

  /** What the agent reads out (or the message template for non-phone channels). */
  @Column({ name: 'script', type: 'text' })
  script!: string;

  @Column({ name: 'applies_to_triggers', type: 'text', array: true, default: () => `'{}'` })
  appliesToTriggers!: string[];

  /** Higher wins among eligible actions. */
  @Column({ name: 'priority', type: 'int' })
  priority!: number;

  @Column({ name: 'enabled', type: 'boolean', default: true })
  enabled!: boolean;
}
