/** The flag arrays one evaluation needs, one per segment position of the catalog. */
export type FlagRole = 'touched' | 'evaluated' | 'results' | 'flipped';

const arrays = new Map<FlagRole, Uint8Array>();

/**
 * A zeroed flag array for `role`, reused from the previous evaluation. A Uint8Array longer than
 * 64 bytes gets an off-heap backing store (~250 ns each, and external memory that brings the
 * next garbage collection forward), and a 100-segment catalog needed four of them per event.
 * Evaluations are synchronous and never nest: an array is valid until its role's next take,
 * so no caller may keep one past the evaluation that took it.
 */
export function takeFlags(role: FlagRole, length: number): Uint8Array {
  let flags = arrays.get(role);
  if (flags === undefined || flags.length !== length) {
    flags = new Uint8Array(length);
    arrays.set(role, flags);
    return flags;
  }
  return flags.fill(0);
}
