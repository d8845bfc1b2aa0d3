import { triggerConditionSchema } from './trigger-condition';
import { durationMs } from './trigger-duration';

const valid = {
  event: {
    kind: 'event',
    event: {
      types: ['call.completed'],
      where: [{ field: 'signals', op: 'contains', value: 'competitor-mentioned' }],
    },
  },
  eventCount: {
    kind: 'event-count',
    event: { types: ['complaint.filed'] },
    atLeast: 3,
    within: { days: 30 },
  },
  absence: {
    kind: 'absence',
    after: { types: ['complaint.filed'] },
    missing: { types: ['complaint.resolved'] },
    within: { hours: 48 },
    correlateOn: 'complaintId',
  },
};

describe('triggerConditionSchema', () => {
  it.each(Object.entries(valid))('accepts a %s condition', (_kind, condition) => {
    expect(triggerConditionSchema.parse(condition)).toEqual(condition);
  });

  it.each([
    ['an unknown kind', { kind: 'script', code: 'process.exit()' }],
    ['an extra field', { ...valid.event, note: 'x' }],
    ['an unknown event type', { kind: 'event', event: { types: ['complaint.exploded'] } }],
    ['no event type', { kind: 'event', event: { types: [] } }],
    [
      'a filter field the type does not have',
      {
        kind: 'event',
        event: { types: ['call.completed'], where: [{ field: 'score', op: 'gte', value: 1 }] },
      },
    ],
    [
      'a filter field only one of the types has',
      {
        kind: 'event',
        event: {
          types: ['call.completed', 'visit.completed'],
          where: [{ field: 'outcome', op: 'eq', value: 'sale' }],
        },
      },
    ],
    [
      'a nested path as field',
      {
        kind: 'event',
        event: { types: ['call.completed'], where: [{ field: 'a.b', op: 'eq', value: 1 }] },
      },
    ],
    [
      'an unknown operator',
      {
        kind: 'event',
        event: {
          types: ['survey.answered'],
          where: [{ field: 'score', op: 'regex', value: '.*' }],
        },
      },
    ],
    ['a count of one', { ...valid.eventCount, atLeast: 1 }],
    ['a window in minutes', { ...valid.eventCount, within: { minutes: 30 } }],
    ['a window over a year', { ...valid.eventCount, within: { days: 400 } }],
    ['both hours and days', { ...valid.eventCount, within: { hours: 1, days: 1 } }],
    [
      'a correlation field the missing event lacks',
      { ...valid.absence, missing: { types: ['call.completed'] } },
    ],
    ['a missing window', { ...valid.absence, within: undefined }],
  ])('rejects %s', (_label, condition) => {
    expect(triggerConditionSchema.safeParse(condition).success).toBe(false);
  });

  it('converts windows to milliseconds', () => {
    expect(durationMs({ hours: 48 })).toBe(48 * 3_600_000);
    expect(durationMs({ days: 30 })).toBe(30 * 86_400_000);
  });
});
