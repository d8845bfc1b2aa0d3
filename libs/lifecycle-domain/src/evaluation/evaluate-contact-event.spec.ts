import fc from 'fast-check';
import { attritionAlertRaisedV1Schema, triggerFiredV1Schema } from '@cip/contracts';
import { toTriggerDefinition } from '../definitions/trigger-definition';
import { UNKNOWN_PROFILE } from '../severity/value-profile';
import { repeatedComplaintsStored } from '../testing.fixtures';
import { InMemoryTriggerState } from '../timers/in-memory-trigger-state';
import { contactEvent } from './contact-event.fixtures';
import { evaluateContactEvent } from './evaluate-contact-event';
import { InMemoryCooldown } from './in-memory-cooldown';

const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T00:00:00.000Z');

const complaints = (cooldownSeconds: number) =>
  toTriggerDefinition(
    repeatedComplaintsStored({
      id: 'three-complaints',
      cooldownSeconds,
      condition: {
        kind: 'event-count',
        event: { types: ['complaint.filed'] },
        atLeast: 3,
        within: { days: 7 },
      },
    }),
  );
const complaintAt = (ms: number, eventId?: string) =>
  contactEvent(
    'complaint.filed',
    new Date(T0 + ms),
    { complaintId: `C-${ms}`, category: 'billing', severity: 'medium' },
    eventId ? { eventId } : {},
  );

/** Evaluates and records, as the use case does; returns the ids of the triggers fired. */
async function apply(
  state: InMemoryTriggerState,
  cooldown: InMemoryCooldown,
  definition: ReturnType<typeof complaints>,
  event: ReturnType<typeof complaintAt>,
): Promise<string[]> {
  const evaluation = await evaluateContactEvent(event, [definition], {
    cooldown,
    counts: state,
    now: new Date(Date.parse(event.occurredAt) + 1_000),
    profileOf: async () => UNKNOWN_PROFILE,
  });
  await state.record(event.eventId, evaluation);
  return evaluation.fired.map((f) => f.triggerId);
}

describe('evaluateContactEvent: event-count', () => {
  it('fires when the window holds atLeast matching events, with contract-valid events', async () => {
    const state = new InMemoryTriggerState();
    const cooldown = new InMemoryCooldown();
    const definition = complaints(0);
    expect(await apply(state, cooldown, definition, complaintAt(0))).toEqual([]);
    expect(await apply(state, cooldown, definition, complaintAt(DAY))).toEqual([]);
    const third = complaintAt(2 * DAY);
    const evaluation = await evaluateContactEvent(third, [definition], {
      cooldown,
      counts: state,
      now: new Date(T0 + 3 * DAY),
      profileOf: async () => UNKNOWN_PROFILE,
    });
    expect(evaluation.fired).toHaveLength(1);
    const [fired] = evaluation.fired;
    expect(triggerFiredV1Schema.parse(fired!.triggerFired).causationId).toBe(third.eventId);
    expect(attritionAlertRaisedV1Schema.parse(fired!.alert!.event).payload.evidence).toMatchObject({
      matchingEvents: 3,
      eventType: 'complaint.filed',
      contactEventId: third.eventId,
    });
    expect(fired!.raisedAt.toISOString()).toBe(third.occurredAt);
  });

  it('events that left the window do not count; a redelivered event counts once', async () => {
    const state = new InMemoryTriggerState();
    const cooldown = new InMemoryCooldown();
    const definition = complaints(0);
    await apply(state, cooldown, definition, complaintAt(0));
    await apply(state, cooldown, definition, complaintAt(DAY));
    expect(await apply(state, cooldown, definition, complaintAt(8 * DAY))).toEqual([]);
    const again = complaintAt(9 * DAY, 'dup');
    expect(await apply(state, cooldown, definition, again)).toEqual([]);
    expect(await apply(state, cooldown, definition, again)).toEqual([]);
    expect(await apply(state, cooldown, definition, complaintAt(10 * DAY))).toEqual([
      'three-complaints',
    ]);
  });

  it('property: it fires exactly when a from-scratch count of the window reaches atLeast', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40 * 24 }), { minLength: 1, maxLength: 25 }),
        async (hours) => {
          const state = new InMemoryTriggerState();
          const cooldown = new InMemoryCooldown();
          const definition = complaints(0);
          const times = [...hours].sort((a, b) => a - b).map((h) => h * 3_600_000);
          for (const [index, ms] of times.entries()) {
            const fired = await apply(state, cooldown, definition, complaintAt(ms, `e-${index}`));
            const inWindow = times.slice(0, index + 1).filter((t) => t > ms - 7 * DAY).length;
            expect(fired.length === 1).toBe(inWindow >= 3);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a stream of qualifying events raises one alert within the cooldown', async () => {
    const state = new InMemoryTriggerState();
    const cooldown = new InMemoryCooldown();
    const definition = complaints(7 * 86_400);
    const fired: string[] = [];
    for (let i = 0; i < 10; i++)
      fired.push(...(await apply(state, cooldown, definition, complaintAt(i * 3_600_000))));
    expect(fired).toEqual(['three-complaints']);
  });
});
