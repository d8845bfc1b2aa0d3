import { decideSeverity, severityRank } from './decide-severity';
import { DEFAULT_SEVERITY_RULE, severityRuleSchema } from './severity-rule';

describe('decideSeverity', () => {
  const quadrant = DEFAULT_SEVERITY_RULE;

  it.each([
    ['vip', 'low', 'critical'],
    ['key', 'low', 'critical'],
    ['vip', 'high', 'high'],
    ['ordinary', 'high', 'medium'],
    ['small', 'low', 'low'],
  ] as const)('quadrant: %s value, %s satisfaction → %s', (valueTier, satisfaction, expected) => {
    expect(decideSeverity(quadrant, { valueTier, satisfaction })).toBe(expected);
  });

  it('uses the documented default while value or satisfaction is unknown', () => {
    expect(decideSeverity(quadrant, { valueTier: 'unknown', satisfaction: 'low' })).toBe('high');
    expect(decideSeverity(quadrant, { valueTier: 'vip', satisfaction: 'unknown' })).toBe('high');
  });

  it('high value + low satisfaction is the most urgent quadrant', () => {
    const tiers = ['vip', 'ordinary'] as const;
    const levels = ['high', 'low'] as const;
    const ranks = tiers.flatMap((valueTier) =>
      levels.map((satisfaction) =>
        severityRank(decideSeverity(quadrant, { valueTier, satisfaction })),
      ),
    );
    expect(Math.max(...ranks)).toBe(
      severityRank(decideSeverity(quadrant, { valueTier: 'vip', satisfaction: 'low' })),
    );
  });

  it('reads the seeded by-value-tier rule', () => {
    const rule = severityRuleSchema.parse({
      kind: 'by-value-tier',
      byTier: {
        vip: 'critical',
        key: 'critical',
        ordinary: 'high',
        small: 'medium',
        unknown: 'high',
      },
    });
    expect(decideSeverity(rule, { valueTier: 'unknown', satisfaction: 'unknown' })).toBe('high');
    expect(decideSeverity(rule, { valueTier: 'vip', satisfaction: 'unknown' })).toBe('critical');
  });

  it('rejects unknown rule kinds', () => {
    expect(severityRuleSchema.safeParse({ kind: 'script', code: '1' }).success).toBe(false);
  });
});
