import type { SegmentCatalog } from './segment-catalog';

/** What decided a catalog's key, kept to compare a later catalog with it. */
interface CatalogPrint {
  versions: ReadonlyMap<string, number>;
  quantiles: string;
}

/** Catalog keys remembered per process; a state evaluated under a forgotten one is evaluated in full. */
const MAX_REMEMBERED = 256;
const prints = new Map<string, CatalogPrint>();
const changesByCatalog = new WeakMap<SegmentCatalog, Map<string, Uint8Array | null>>();

/** Called for every catalog built, so states evaluated under it can later be brought up to date. */
export function rememberCatalog(catalog: SegmentCatalog): void {
  if (prints.has(catalog.key)) return;
  if (prints.size >= MAX_REMEMBERED) prints.delete(prints.keys().next().value as string);
  prints.set(catalog.key, printOf(catalog));
}

/**
 * Positions of `catalog` whose segment is new or has another version than under the catalog
 * `earlierKey`: with the segments an event touched, the only ones a state evaluated under that
 * catalog must evaluate (the others have the same condition and inputs, and its timer covers
 * time). After a definition change, the backfill re-evaluates only the customers that change
 * can affect, and everyone else's next event then costs a few segments rather than all of them.
 * Undefined (evaluate everything) when the earlier catalog is unknown to this process or more
 * than versions changed: quantile tables (they feed many segments) or a segment that left the
 * catalog (segments referencing it may change).
 */
export function segmentsChangedSince(
  earlierKey: string | undefined,
  catalog: SegmentCatalog,
): Uint8Array | undefined {
  if (earlierKey === undefined) return undefined;
  let known = changesByCatalog.get(catalog);
  if (known === undefined) {
    known = new Map();
    changesByCatalog.set(catalog, known);
  }
  let changed = known.get(earlierKey);
  if (changed === undefined) {
    changed = diff(prints.get(earlierKey), catalog);
    if (known.size < MAX_REMEMBERED) known.set(earlierKey, changed);
  }
  return changed ?? undefined;
}

function diff(earlier: CatalogPrint | undefined, catalog: SegmentCatalog): Uint8Array | null {
  if (earlier === undefined) return null;
  const now = printOf(catalog);
  if (earlier.quantiles !== now.quantiles) return null;
  // A segment gone (retired or not) can change the segments that reference it: all of them then.
  for (const id of earlier.versions.keys()) if (!now.versions.has(id)) return null;
  const changed = new Uint8Array(catalog.ordered.length);
  for (const { segment, position } of catalog.ordered)
    if (earlier.versions.get(segment.id) !== segment.version) changed[position] = 1;
  return changed;
}

function printOf(catalog: SegmentCatalog): CatalogPrint {
  return {
    versions: new Map(catalog.active.map((s) => [s.id, s.version])),
    quantiles: JSON.stringify(
      Object.entries(catalog.quantiles).sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  };
}
