import { RefreshingCatalog } from '@cip/async';
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

/** The enabled action catalog, re-read every `refreshMs`; a failed refresh keeps the last set. */
export class ActiveActionCatalog extends RefreshingCatalog<unknown, CatalogAction> {
  constructor({ source, clock, ...rest }: ActiveActionCatalogOptions) {
    super({
      ...rest,
      load: () => source.loadEnabled(),
      parse: toCatalogAction,
      nowMs: () => clock.now().getTime(),
    });
  }
}
