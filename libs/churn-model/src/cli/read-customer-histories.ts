import { contactEventV1Schema, type ContactEvent } from '@cip/contracts';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface CustomerHistory {
  customerId: string;
  events: ContactEvent[];
}

/**
 * Streams an events.ndjson file one customer at a time, so a file of any size fits in memory.
 * It relies on the simulator's layout (each customer's events together) and fails loudly if a
 * customer shows up again after others, rather than silently splitting their history.
 */
export async function* readCustomerHistories(
  path: string,
  onInvalidLine: (lineNumber: number) => void,
): AsyncGenerator<CustomerHistory> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  const finished = new Set<string>();
  let current: CustomerHistory | undefined;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const parsed = contactEventV1Schema.safeParse(parseJson(line));
    if (!parsed.success) {
      onInvalidLine(lineNumber);
      continue;
    }
    const event = parsed.data;
    if (current?.customerId !== event.customerId) {
      if (current) {
        finished.add(current.customerId);
        yield current;
      }
      if (finished.has(event.customerId)) {
        throw new Error(
          `${path}:${lineNumber}: events of ${event.customerId} are not contiguous; group the file by customer first`,
        );
      }
      current = { customerId: event.customerId, events: [] };
    }
    current.events.push(event);
  }
  if (current) yield current;
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
