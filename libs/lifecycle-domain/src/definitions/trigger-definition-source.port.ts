import type { StoredTriggerDefinition } from './trigger-definition';

/** Where the trigger catalog lives (Postgres lifecycle.trigger_definition in the service). */
export interface TriggerDefinitionSource {
  /** Enabled definitions only. */
  loadEnabled(): Promise<StoredTriggerDefinition[]>;
}
