import type { ValueTransformer } from 'typeorm';
import { PersistenceError } from './persistence-error';

/**
 * pg returns `bigint` as a string so no precision is lost silently. Counters (versions,
 * sequences) stay far below 2^53, so we hand them out as numbers and fail loudly if one is not.
 */
export const bigintNumberTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null): number | null => {
    if (value === null) return null;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) {
      throw new PersistenceError('INVALID_INPUT', `bigint ${String(value)} is not a safe integer`);
    }
    return parsed;
  },
};
