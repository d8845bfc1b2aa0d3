import { RefreshingCatalog } from '@cip/async';
import type { SegmentDefinitionSource } from './definition-source.port';
import {
  toSegmentDefinition,
  type SegmentDefinition,
  type StoredSegmentDefinition,
} from './segment-definition';

export interface Clock {
  now(): Date;
}

export interface ActiveDefinitionsOptions {
  source: SegmentDefinitionSource;
  clock: Clock;
  /** How long a loaded set is used before the next read (definitions change at runtime). */
  refreshMs: number;
  /** A stored definition whose rule does not validate is skipped, and reported here. */
  onInvalid?: (error: unknown) => void;
  /** A failed refresh keeps the previous set, and is reported here. */
  onRefreshFailed?: (error: unknown) => void;
}

/** The active segment definitions, re-read from the source at most every `refreshMs`. */
export class ActiveDefinitions extends RefreshingCatalog<
  StoredSegmentDefinition,
  SegmentDefinition
> {
  constructor({ source, clock, ...rest }: ActiveDefinitionsOptions) {
    super({
      ...rest,
      load: () => source.loadActive(),
      parse: toSegmentDefinition,
      nowMs: () => clock.now().getTime(),
    });
  }
}
