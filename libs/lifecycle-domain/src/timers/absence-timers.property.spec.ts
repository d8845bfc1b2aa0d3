import fc from 'fast-check';
import type { ContactEvent } from '@cip/contracts';
import { CatalogHarness } from '../catalog/catalog-harness.fixtures';
import type { StoredTriggerDefinition } from '../definitions/trigger-definition';
import { contactEvent } from '../evaluation/contact-event.fixtures';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-01T00:00:00.000Z');

const absence = (id: string, condition: Record<string, unknown>): StoredTriggerDefinition => ({
  id,
  programme: 'anti-attrition',
  description: id,
  condition: { kind: 'absence', ...condition },
  cooldownSeconds: 0,
  severityRule: { kind: 'fixed', severity: 'high' },
  deadlineHours: null,
  suggestedStrategy: 'x',
  enabled: true,
});

const CATALOG = [
  absence('unresolved', {
    after: { types: ['complaint.filed'] },
    missing: { types: ['complaint.resolved'] },
    within: { hours: 48 },
    correlateOn: 'complaintId',
  }),
  absence('repurchase', {
    after: { types: ['purchase.completed'] },
    missing: { types: ['purchase.completed'] },
    within: { hours: 120 },
  }),
  absence('first-only', {
    after: { types: ['purchase.completed'] },
    missing: { types: ['purchase.completed'] },
    within: { hours: 120 },
    armOnce: true,
  }),
];
const WITHIN_MS: Record<string, number> = {
  unresolved: 48 * HOUR,
  repurchase: 120 * HOUR,
  'first-only': 120 * HOUR,
};

type Step = { kind: 'filed' | 'resolved' | 'purchase'; key: 'A' | 'B'; gapHours: number };

function toEvent(step: Step, atMs: number): ContactEvent {
  const at = new Date(atMs);
  switch (step.kind) {
    case 'filed':
      return contactEvent('complaint.filed', at, {
        complaintId: step.key,
        category: 'billing',
        severity: 'low',
      });
    case 'resolved':
      return contactEvent('complaint.resolved', at, { complaintId: step.key, resolution: 'fixed' });
    case 'purchase':
      return contactEvent('purchase.completed', at, { amount: 1, currency: 'EUR', productId: 'P' });
  }
}

/** From scratch: each arming event fires unless a later answering event fell inside its window. */
function expectedFirings(events: ContactEvent[]): string[] {
  const fired: string[] = [];
  const key = (e: ContactEvent) => (e.payload as { complaintId?: string }).complaintId ?? '';
  const at = (e: ContactEvent) => Date.parse(e.occurredAt);
  const purchases = events.filter((e) => e.type === 'purchase.completed');
  for (const [index, e] of events.entries()) {
    const answered = (missingType: string, within: number) =>
      events
        .slice(index + 1)
        .some((m) => m.type === missingType && key(m) === key(e) && at(m) < at(e) + within);
    if (e.type === 'complaint.filed' && !answered('complaint.resolved', WITHIN_MS['unresolved']!))
      fired.push(`unresolved:${e.eventId}`);
    if (e.type === 'purchase.completed') {
      const unanswered = !answered('purchase.completed', WITHIN_MS['repurchase']!);
      if (unanswered) fired.push(`repurchase:${e.eventId}`);
      if (unanswered && purchases[0] === e) fired.push(`first-only:${e.eventId}`);
    }
  }
  return fired.sort();
}

describe('absence timers, property', () => {
  it('incremental arming, cancelling and firing equals a from-scratch answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom('filed' as const, 'resolved' as const, 'purchase' as const),
            key: fc.constantFrom('A' as const, 'B' as const),
            gapHours: fc.integer({ min: 1, max: 100 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        async (steps) => {
          const harness = new CatalogHarness(new Date(T0), CATALOG);
          let atMs = T0;
          const events = steps.map((step) => toEvent(step, (atMs += step.gapHours * HOUR)));
          for (const event of events) {
            // Timers due before the next event fire first, as they would live.
            await harness.advanceTo(new Date(Date.parse(event.occurredAt) - 1));
            await harness.contact(event);
          }
          await harness.advanceTo(new Date(atMs + 1_000 * HOUR));
          const fired = harness.published
            .map((f) => `${f.triggerId}:${String(f.alert?.event.payload.evidence['afterEventId'])}`)
            .sort();
          expect(fired).toEqual(expectedFirings(events));
        },
      ),
      { numRuns: 150 },
    );
  });
});
