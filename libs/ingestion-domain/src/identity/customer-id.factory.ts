import { randomUUID } from 'node:crypto';

/** Mints ids for prospects; injectable so tests get predictable ones. */
export interface CustomerIdFactory {
  next(): string;
}

/** `cus_` + 32 hex digits of a random UUID: fits the contract's customer id (≤ 64, [A-Za-z0-9_]). */
export const randomCustomerIds: CustomerIdFactory = {
  next: () => `cus_${randomUUID().replaceAll('-', '')}`,
};
