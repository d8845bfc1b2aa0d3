import { randomUUID } from 'node:crypto';
import type { ContactEvent } from '@cip/contracts';

export function complaintFiled(
  customerId: string,
  occurredAt: Date,
  category: 'network' | 'billing' = 'network',
): ContactEvent {
  return {
    eventId: `evt-${randomUUID()}`,
    type: 'complaint.filed',
    version: 1,
    occurredAt: occurredAt.toISOString(),
    customerId,
    source: 'call-center',
    payload: { complaintId: `cmp-${randomUUID().slice(0, 8)}`, category, severity: 'high' },
  };
}

export async function postEvent(baseUrl: string, event: ContactEvent): Promise<Response> {
  return fetch(`${baseUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
}
