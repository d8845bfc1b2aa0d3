import type { SegmentDefinitionSource } from './definition-source.port';
import { toSegmentDefinition, type SegmentDefinition } from './segment-definition';

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

/**
 * The active definitions, read through to the source at most every `refreshMs`. A failed refresh
 * keeps serving the last good set (there must be one) so a database blip does not stop evaluation.
 */
export class ActiveDefinitions {
  private cached: { definitions: SegmentDefinition[]; loadedAtMs: number } | undefined;
  private inFlight: Promise<SegmentDefinition[]> | undefined;

  constructor(private readonly options: ActiveDefinitionsOptions) {}

  async get(): Promise<SegmentDefinition[]> {
    const nowMs = this.options.clock.now().getTime();
    if (this.cached && nowMs - this.cached.loadedAtMs < this.options.refreshMs)
      return this.cached.definitions;
    this.inFlight ??= this.load(nowMs).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Forces the next `get` to read the source. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(nowMs: number): Promise<SegmentDefinition[]> {
    try {
      const stored = await this.options.source.loadActive();
      const definitions: SegmentDefinition[] = [];
      for (const entry of stored) {
        try {
          definitions.push(toSegmentDefinition(entry));
        } catch (error) {
          this.options.onInvalid?.(error);
        }
      }
      this.cached = { definitions, loadedAtMs: nowMs };
      return definitions;
    } catch (error) {
      if (!this.cached) throw error;
      this.options.onRefreshFailed?.(error);
      return this.cached.definitions;
    }
  }
}
