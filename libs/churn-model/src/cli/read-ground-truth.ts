import { readFileSync } from 'node:fs';
import type { ChurnOutcome } from '../model/churn-outcome';

/**
 * The churn columns of the simulator's ground-truth.csv, by customer. Columns are found by
 * header name, so added columns do not break it; the file has no quoted fields.
 */
export function readGroundTruth(path: string): Map<string, ChurnOutcome> {
  const [header, ...rows] = readFileSync(path, 'utf8').split('\n');
  const columns = (header ?? '').split(',');
  const index = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column ${name}`);
    return i;
  };
  const id = index('customerId');
  const kind = index('churnKind');
  const cause = index('churnCause');
  const at = index('churnAt');
  const outcomes = new Map<string, ChurnOutcome>();
  rows.forEach((row, n) => {
    if (row.trim() === '') return;
    const cells = row.split(',');
    if (cells.length !== columns.length) {
      throw new Error(`${path}:${n + 2}: ${cells.length} cells, expected ${columns.length}`);
    }
    const customerId = cells[id] as string;
    const churnKind = cells[kind];
    outcomes.set(customerId, {
      customerId,
      kind: churnKind === 'quantity' || churnKind === 'value' ? churnKind : undefined,
      cause: cells[cause] || undefined,
      churnAt: cells[at] ? Date.parse(cells[at] as string) : undefined,
    });
  });
  return outcomes;
}
