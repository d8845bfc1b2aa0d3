/**
 * Whether a customer belongs to the held-out set: a hash of the id, so the split is the same on
 * every run and every machine, and a customer never lands on both sides.
 */
export function isHeldOut(customerId: string, heldOutShare: number): boolean {
  return fnv1a32(customerId) % 10_000 < heldOutShare * 10_000;
}

/** 32-bit FNV-1a: small, fast and well spread for short ids. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
