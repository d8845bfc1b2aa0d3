import { contactEvent } from '../evaluation/contact-event.fixtures';
import { membershipChanged } from '../testing.fixtures';
import type { PayloadFilter } from './event-matcher';
import { contactEventSignal, membershipSignal } from './lifecycle-signal';
import { matchesCondition } from './match-condition';
import type { TriggerCondition } from './trigger-condition';

const at = '2025-03-01T10:00:00.000Z';
const survey = (score: number) =>
  contactEventSignal(contactEvent('survey.answered', at, { score, scale: 'nps-0-10' }));
const onSurvey = (where: PayloadFilter[]): TriggerCondition => ({
  kind: 'event',
  event: { types: ['survey.answered'], where },
});

describe('matchesCondition', () => {
  it('event: matches the type, not other types or membership changes', () => {
    const condition: TriggerCondition = {
      kind: 'event',
      event: { types: ['contract.cancellation-requested'] },
    };
    const cancellation = contactEvent('contract.cancellation-requested', at, {
      contractId: 'K',
      reason: 'price',
    });
    expect(matchesCondition(condition, contactEventSignal(cancellation))).toBe(true);
    expect(
      matchesCondition(
        condition,
        contactEventSignal(contactEvent('contract.renewed', at, { contractId: 'K' })),
      ),
    ).toBe(false);
    expect(matchesCondition(condition, membershipSignal(membershipChanged()))).toBe(false);
  });

  it.each([
    [[{ field: 'score', op: 'lte', value: 6 }], 6, true],
    [[{ field: 'score', op: 'lte', value: 6 }], 7, false],
    [[{ field: 'score', op: 'gte', value: 9 }], 9, true],
    [[{ field: 'score', op: 'gte', value: 9 }], 8, false],
    [[{ field: 'score', op: 'eq', value: 3 }], 3, true],
    [[{ field: 'score', op: 'eq', value: '3' }], 3, false],
    [[{ field: 'score', op: 'in', values: [0, 1, 2] }], 1, true],
    [[{ field: 'score', op: 'in', values: [0, 1, 2] }], 5, false],
    [
      [
        { field: 'scale', op: 'eq', value: 'nps-0-10' },
        { field: 'score', op: 'lte', value: 6 },
      ],
      2,
      true,
    ],
    [
      [
        { field: 'scale', op: 'eq', value: 'csat-1-5' },
        { field: 'score', op: 'lte', value: 6 },
      ],
      2,
      false,
    ],
  ] as Array<[PayloadFilter[], number, boolean]>)(
    'event filters %j on score %d → %s',
    (where, score, expected) => {
      expect(matchesCondition(onSurvey(where), survey(score))).toBe(expected);
    },
  );

  it('contains: an array field holding the value; absent arrays never match', () => {
    const condition: TriggerCondition = {
      kind: 'event',
      event: {
        types: ['call.completed'],
        where: [{ field: 'signals', op: 'contains', value: 'competitor-mentioned' }],
      },
    };
    const callWith = (signals?: Array<'competitor-mentioned' | 'upsell-interest'>) =>
      contactEventSignal(
        contactEvent('call.completed', at, {
          direction: 'inbound',
          durationSeconds: 60,
          outcome: 'resolved',
          ...(signals ? { signals } : {}),
        }),
      );
    expect(matchesCondition(condition, callWith(['upsell-interest', 'competitor-mentioned']))).toBe(
      true,
    );
    expect(matchesCondition(condition, callWith(['upsell-interest']))).toBe(false);
    expect(matchesCondition(condition, callWith())).toBe(false);
  });

  it('event-count and absence need state: no single signal satisfies them', () => {
    const filed = contactEventSignal(
      contactEvent('complaint.filed', at, {
        complaintId: 'C',
        category: 'billing',
        severity: 'low',
      }),
    );
    expect(
      matchesCondition(
        {
          kind: 'event-count',
          event: { types: ['complaint.filed'] },
          atLeast: 2,
          within: { days: 1 },
        },
        filed,
      ),
    ).toBe(false);
    expect(
      matchesCondition(
        {
          kind: 'absence',
          after: { types: ['complaint.filed'] },
          missing: { types: ['complaint.resolved'] },
          within: { hours: 48 },
        },
        filed,
      ),
    ).toBe(false);
  });

  it('segment conditions ignore contact events', () => {
    expect(
      matchesCondition({ kind: 'segment-entered', segmentId: 'repeated-complainers' }, survey(1)),
    ).toBe(false);
  });
});
