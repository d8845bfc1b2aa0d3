import type { Clock } from '../clock';
import type { ActionCatalogSource } from './action-catalog-source.port';
import { toCatalogAction, type CatalogAction } from './catalog-action';

export interface ActiveActionCatalogOptions {
  source: ActionCatalogSource;
  clock: Clock;
  /** The catalog is data that changes at runtime: re-read at most this often. */
  refreshMs: number;
  onInvalid?: (error: unknown) => void;
  onRefreshFailed?: (error: unknown) => void;
}

/** The enabled catalog, cached and re-read every `refreshMs`; a failed refresh keeps the last set. */
export class ActiveActionCatalog {
  private cached: { actions: CatalogAction[]; loadedAtMs: number } | undefined;
  private inFlight: Promise<CatalogAction[]> | undefined;

  constructor(private readonly options: ActiveActionCatalogOptions) {}

  async get(): Promise<CatalogAction[]> {
    const nowMs = this.options.clock.now().getTime();
    if (this.cached && nowMs - this.cached.loadedAtMs < this.options.refreshMs)
      return this.cached.actions;
    this.inFlight ??= this.load(nowMs).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(nowMs: number): Promise<CatalogAction[]> {
    try {
      const actions: CatalogAction[] = [];
      for (const row of await this.options.source.loadEnabled()) {
        try {
          actions.push(toCatalogAction(row));
        } catch (error) {
          this.options.onInvalid?.(error);
        }
      }
      this.cached = { actions, loadedAtMs: nowMs };
      return actions;
    } catch (error) {
      if (!this.cached) throw error;
      this.options.onRefreshFailed?.(error);
      return this.cached.actions;
    }
  }
}
