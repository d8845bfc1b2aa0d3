import type { Clock } from '../clock';
import { toTriggerDefinition, type TriggerDefinition } from './trigger-definition';
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
 * The enabled trigger catalog, cached and re-read every `refreshMs`. A failed refresh keeps the
 * last good set (a database blip must not stop evaluation); with no set at all it throws, so the
 * message is retried rather than evaluated against an empty catalog.
 */
export class ActiveTriggerDefinitions {
  private cached: { definitions: TriggerDefinition[]; loadedAtMs: number } | undefined;
  private inFlight: Promise<TriggerDefinition[]> | undefined;

  constructor(private readonly options: ActiveTriggerDefinitionsOptions) {}

  async get(): Promise<TriggerDefinition[]> {
    const nowMs = this.options.clock.now().getTime();
    if (this.cached && nowMs - this.cached.loadedAtMs < this.options.refreshMs)
      return this.cached.definitions;
    this.inFlight ??= this.load(nowMs).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async load(nowMs: number): Promise<TriggerDefinition[]> {
    try {
      const stored = await this.options.source.loadEnabled();
      const definitions: TriggerDefinition[] = [];
      for (const entry of stored) {
        try {
          definitions.push(toTriggerDefinition(entry));
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
