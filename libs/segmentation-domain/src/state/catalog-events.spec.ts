import {
  CONTACT_EVENT_TYPES,
  CONTACT_PAYLOAD_EXAMPLES,
  contactEventV1Schema,
  type ContactEvent,
  type ContactEventType,
} from '@cip/contracts';
import type { SegmentDefinition } from '../definitions/segment-definition';
import { applyEventToFeatures } from '../features/apply-to-features';
import { STANDARD_FEATURE_SPEC } from '../features/standard-features';
import { validateRule } from '../rules/validate-rule';
import { applyEvent } from './apply-event';
import type { CustomerState } from './customer-state';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** A published event of the type, decoded the way the segmentation consumer decodes it. */
function publishedEvent(type: ContactEventType, index: number): ContactEvent {
  return contactEventV1Schema.parse({
    eventId: `evt-${index}`,
    type,
    version: 1,
    occurredAt: new Date(T0 + index * 60_000).toISOString(),
    customerId: 'cust-1',
    source: 'test',
    payload: CONTACT_PAYLOAD_EXAMPLES[type],
  });
}

const CANCELLATION_INTENT: SegmentDefinition = {
  id: 'cancellation-intent',
  version: 1,
  status: 'active',
  name: 'Asked to cancel',
  description: 'A cancellation request in the last 30 days',
  owner: 'retention',
  strategy: 'win back actively',
  rule: {
    kind: 'gte',
    left: { kind: 'count', eventType: 'contract.cancellation-requested', windowDays: 30 },
    right: 1,
  },
};

describe('the whole contact-event catalog in segmentation', () => {
  it('lets rules count every event type', () => {
    for (const eventType of CONTACT_EVENT_TYPES) {
      const rule = { kind: 'gte', left: { kind: 'count', eventType, windowDays: 7 }, right: 1 };
      expect(validateRule(rule)).toEqual({ ok: true, rule });
    }
    expect(
      validateRule({ kind: 'gte', left: { kind: 'count', eventType: 'teleport.done' }, right: 1 })
        .ok,
    ).toBe(false);
  });

  it('applies one event of every type, counting each as an interaction', () => {
    let state: CustomerState | undefined;
    const entered: string[] = [];
    CONTACT_EVENT_TYPES.forEach((type, index) => {
      const outcome = applyEvent(state, publishedEvent(type, index), [CANCELLATION_INTENT]);
      expect(outcome.duplicate).toBe(false);
      entered.push(...outcome.changes.map((change) => `${change.change}:${type}`));
      state = outcome.newState;
    });
    expect(state?.totals).toEqual(Object.fromEntries(CONTACT_EVENT_TYPES.map((type) => [type, 1])));
    // Only the new type the rule counts moves the customer.
    expect(entered).toEqual(['entered:contract.cancellation-requested']);
  });

  it('feeds every type to the standard features, ignoring those no feature tracks', () => {
    let features: Parameters<typeof applyEventToFeatures>[0];
    CONTACT_EVENT_TYPES.forEach((type, index) => {
      const event = publishedEvent(type, index);
      const outcome = applyEventToFeatures(
        features,
        event,
        STANDARD_FEATURE_SPEC,
        Date.parse(event.occurredAt),
      );
      expect(outcome.duplicate).toBe(false);
      features = outcome.features;
    });
    const tracked = Object.keys(features?.series ?? {}).map(
      (key) => (JSON.parse(key) as [string])[0],
    );
    expect(new Set(tracked)).toEqual(
      new Set([
        'purchase.completed',
        'complaint.filed',
        'call.completed',
        'service.incident',
        // The catalog's example survey is a CSAT answer: the satisfaction series counts NPS only.
      ]),
    );
  });
});
