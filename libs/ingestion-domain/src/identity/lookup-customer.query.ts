import type { IdentifierKind } from '@cip/contracts';
import { canonicalIdentifiers, identifierKey, type Identifier } from './identifier';
import type { IdentityCache, IdentityGraph } from './identity-graph.port';

/** What a read-only lookup found for a set of identifiers. */
export interface CustomerLookup {
  /** The customer every matched identifier belongs to; null when they belong to several. */
  customerId: string | null;
  /** Every customer a given identifier belongs to (several: the next event naming them merges them). */
  candidates: string[];
  matched: IdentifierKind[];
  unmatched: IdentifierKind[];
}

/**
 * Who these identifiers belong to, changing nothing: no prospect is created and no customers are
 * merged (call-center lookups with a read-only key). Undefined when none is known.
 */
export async function lookupCustomer(
  graph: IdentityGraph,
  cache: IdentityCache,
  given: readonly Identifier[],
): Promise<CustomerLookup | undefined> {
  const identifiers = canonicalIdentifiers(given);
  const kinds = identifiers.map((i) => i.kind);
  const cached = await cache.resolve(identifiers);
  if (cached !== undefined) {
    return { customerId: cached, candidates: [cached], matched: kinds, unmatched: [] };
  }
  const owners = await graph.lookup(identifiers);
  if (owners.size === 0) return undefined;
  const candidates = [...new Set([...owners.values()].map((owner) => owner.id))].sort();
  return {
    customerId: candidates.length === 1 ? (candidates[0] ?? null) : null,
    candidates,
    matched: identifiers.filter((i) => owners.has(identifierKey(i))).map((i) => i.kind),
    unmatched: identifiers.filter((i) => !owners.has(identifierKey(i))).map((i) => i.kind),
  };
}
