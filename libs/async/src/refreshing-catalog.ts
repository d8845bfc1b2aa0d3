import { valueWithReadAhead } from './refresh-ahead';

export interface RefreshingCatalogOptions<Stored, Item> {
  /** Reads every stored entry (one query). */
  load(): Promise<readonly Stored[]>;
  /** Turns a stored entry into a usable item; throws for an invalid one. */
  parse(stored: Stored): Item;
  /** Milliseconds since epoch; injected so tests control time. */
  nowMs(): number;
  /** Catalogs are data that change at runtime: re-read at most this often. */
  refreshMs: number;
  /** An entry that does not parse is skipped and reported here. */
  onInvalid?: (error: unknown) => void;
  /** A failed refresh keeps the previous set, and is reported here. */
  onRefreshFailed?: (error: unknown) => void;
}

/**
 * A set of definitions kept in memory, never served more than `refreshMs` after it was read, one
 * read at a time and started ahead of that in the background (`refreshDecision`), so a steady
 * caller does not wait for it. A failed refresh keeps serving the last good set, so a database
 * blip does not stop evaluation; with no set at all it throws, so the caller retries rather than
 * works on an empty catalog.
 */
export class RefreshingCatalog<Stored, Item> {
  private cached: { items: Item[]; loadedAtMs: number } | undefined;
  private inFlight: Promise<Item[]> | undefined;

  constructor(private readonly options: RefreshingCatalogOptions<Stored, Item>) {}

  async get(): Promise<Item[]> {
    const nowMs = this.options.nowMs();
    const cached = this.cached && { value: this.cached.items, loadedAtMs: this.cached.loadedAtMs };
    // A failed read ahead is reported by `reload` (onRefreshFailed).
    return valueWithReadAhead(cached, nowMs, this.options.refreshMs, () => this.read(nowMs));
  }

  /** Forces the next `get` to read the source. */
  invalidate(): void {
    this.cached = undefined;
  }

  private read(nowMs: number): Promise<Item[]> {
    this.inFlight ??= this.reload(nowMs).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async reload(nowMs: number): Promise<Item[]> {
    try {
      const items: Item[] = [];
      for (const stored of await this.options.load()) {
        try {
          items.push(this.options.parse(stored));
        } catch (error) {
          this.options.onInvalid?.(error);
        }
      }
      this.cached = { items, loadedAtMs: nowMs };
      return items;
    } catch (error) {
      if (!this.cached) throw error;
      this.options.onRefreshFailed?.(error);
      return this.cached.items;
    }
  }
}
