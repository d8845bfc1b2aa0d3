import type { IdentifierKind } from '@cip/contracts';

/** A normalised identifier: the unit the identity graph stores, unique per (kind, value). */
export interface Identifier {
  kind: IdentifierKind;
  /** E.164 phone, lower-case e-mail, HMAC of a national id...: never a raw national id. */
  value: string;
}

/** Stable text form, used for de-duplication, sorting and lock/cache keys. */
export function identifierKey(identifier: Identifier): string {
  return `${identifier.kind}:${identifier.value}`;
}

/** Distinct identifiers in key order: the same set always yields the same list. */
export function canonicalIdentifiers(identifiers: readonly Identifier[]): Identifier[] {
  const byKey = new Map(identifiers.map((identifier) => [identifierKey(identifier), identifier]));
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as Identifier);
}
