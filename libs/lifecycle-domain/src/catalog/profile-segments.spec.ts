import { decideSeverity } from '../severity/decide-severity';
import { membershipChanged } from '../testing.fixtures';
import { toTriggerDefinition } from '../definitions/trigger-definition';
import { BUILT_IN_TRIGGERS } from './built-in-triggers';
import {
  DEFAULT_PROFILE_SEGMENTS,
  profileSegmentSchema,
  profileUpdateOf,
} from './profile-segments';

describe('profile segments', () => {
  it('the defaults are valid and cover every value tier and both satisfaction levels', () => {
    for (const segment of DEFAULT_PROFILE_SEGMENTS) profileSegmentSchema.parse(segment);
    const tiers = DEFAULT_PROFILE_SEGMENTS.filter((s) => s.dimension === 'value-tier');
    expect(tiers.map((s) => s.value).sort()).toEqual(['key', 'ordinary', 'small', 'vip']);
    expect(
      new Set(
        DEFAULT_PROFILE_SEGMENTS.filter((s) => s.dimension === 'satisfaction').map((s) => s.value),
      ),
    ).toEqual(new Set(['high', 'low']));
  });

  it('turns an entry or exit of a profile segment into an update, ignores others and merges', () => {
    const vip = DEFAULT_PROFILE_SEGMENTS[0]!;
    expect(profileUpdateOf(vip, membershipChanged({ segmentId: 'value-tier.vip' }))).toEqual({
      customerId: 'cust-1',
      dimension: 'value-tier',
      value: 'vip',
      change: 'entered',
      at: new Date('2025-03-01T10:00:00.000Z'),
    });
    expect(
      profileUpdateOf(vip, membershipChanged({ segmentId: 'value-tier.vip', change: 'exited' }))
        ?.change,
    ).toBe('exited');
    expect(profileUpdateOf(undefined, membershipChanged())).toBeUndefined();
    expect(
      profileUpdateOf(vip, membershipChanged({ segmentId: 'value-tier.key' })),
    ).toBeUndefined();
    const merge = membershipChanged({ segmentId: 'value-tier.vip', change: 'exited' });
    merge.payload.cause = 'merge';
    expect(profileUpdateOf(vip, merge)).toBeUndefined();
  });

  it('built-in anti-attrition triggers rank high value + low satisfaction most urgent', () => {
    const rank = { critical: 4, high: 3, medium: 2, low: 1 } as const;
    for (const stored of BUILT_IN_TRIGGERS.filter((t) => t.programme === 'anti-attrition')) {
      const { severityRule } = toTriggerDefinition(stored);
      if (severityRule.kind !== 'value-satisfaction-quadrant') continue;
      const urgent = decideSeverity(severityRule, { valueTier: 'vip', satisfaction: 'low' });
      expect(urgent).toBe('critical');
      for (const valueTier of ['key', 'ordinary', 'small'] as const) {
        for (const satisfaction of ['high', 'low'] as const) {
          expect(
            rank[decideSeverity(severityRule, { valueTier, satisfaction })],
          ).toBeLessThanOrEqual(rank[urgent]);
        }
      }
      expect(decideSeverity(severityRule, { valueTier: 'small', satisfaction: 'low' })).toBe('low');
    }
  });
});
