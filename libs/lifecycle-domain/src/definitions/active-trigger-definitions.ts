import { RefreshingCatalog } from '@cip/async';
import type { Clock } from '../clock';
import {
  toTriggerDefinition,
  type StoredTriggerDefinition,
  type TriggerDefinition,
} from './trigger-definition';
import type { TriggerDefinitionSource } from './trigger-definition-source.port';

export interface ActiveTriggerDefinitionsOptions {
  source: TriggerDefinitionSource;
  clock: Clock;
  /** Definitions are data that change at runtime: re-read at most this often. */
  refreshMs: number;
  onInvalid?: (error: unknown) => void;
  onRefreshFailed?: (error: unknown) => void;
}

/**
 * The enabled trigger catalog, re-read every `refreshMs`. With no set loaded yet a failed read
 * throws, so the message is retried rather than evaluated against an empty catalog.
 */
export class ActiveTriggerDefinitions extends RefreshingCatalog<
  StoredTriggerDefinition,
  TriggerDefinition
> {
  constructor({ source, clock, ...rest }: ActiveTriggerDefinitionsOptions) {
    super({
      ...rest,
      load: () => source.loadEnabled(),
      parse: toTriggerDefinition,
      nowMs: () => clock.now().getTime(),
    });
  }
}
