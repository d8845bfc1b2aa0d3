import type { CustomerNode } from './customer-node';

/**
 * Which of several customers that turned out to be one person survives a merge:
 * 1. a `customer` (an id some source system uses) over a `prospect` (an id we minted), so the
 *    ids that systems of record hold stay valid;
 * 2. then the oldest, whose history and references are usually the largest;
 * 3. then the smallest id, so the choice never depends on the order it is asked in.
 */
export function chooseSurvivor(candidates: readonly CustomerNode[]): CustomerNode {
  const [first, ...rest] = candidates;
  if (!first) throw new RangeError('chooseSurvivor needs at least one candidate');
  return rest.reduce((best, next) => (outranks(next, best) ? next : best), first);
}

function outranks(a: CustomerNode, b: CustomerNode): boolean {
  if (a.status !== b.status) return a.status === 'customer';
  const age = a.createdAt.getTime() - b.createdAt.getTime();
  if (age !== 0) return age < 0;
  return a.id < b.id;
}
