import type { ContactEvent } from '@cip/contracts';
import type { SimulatedCustomer } from '../simulate-customer';

interface Head {
  event: ContactEvent;
  at: number;
  rest: Iterator<ContactEvent>;
}

/**
 * All customers' events merged into one stream in occurredAt order (a k-way merge on a binary
 * heap), as the live mode replays them. Holds one pending event per customer.
 */
export function* timeOrderedEvents(
  customers: Iterable<SimulatedCustomer>,
): Generator<ContactEvent> {
  const heap: Head[] = [];
  for (const customer of customers) {
    const rest = customer.events();
    const first = rest.next();
    if (!first.done)
      push(heap, { event: first.value, at: Date.parse(first.value.occurredAt), rest });
  }
  while (heap.length > 0) {
    const head = heap[0] as Head;
    yield head.event;
    const next = head.rest.next();
    if (next.done) {
      const last = heap.pop() as Head;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown(heap, 0);
      }
    } else {
      head.event = next.value;
      head.at = Date.parse(next.value.occurredAt);
      siftDown(heap, 0);
    }
  }
}

function push(heap: Head[], head: Head): void {
  heap.push(head);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as Head).at <= head.at) break;
    heap[i] = heap[parent] as Head;
    i = parent;
  }
  heap[i] = head;
}

function siftDown(heap: Head[], start: number): void {
  const head = heap[start] as Head;
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child =
      right < heap.length && (heap[right] as Head).at < (heap[left] as Head).at ? right : left;
    if ((heap[child] as Head).at >= head.at) break;
    heap[i] = heap[child] as Head;
    i = child;
  }
  heap[i] = head;
}
