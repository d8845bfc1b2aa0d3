import fc from 'fast-check';
import { applyEventToFeatures, applyProfileChangeToFeatures } from './apply-to-features';
import type { CustomerFeatures } from './customer-features';
import type { FeatureEvent } from './feature-series';
import { decodeFeaturesHash, encodeFeaturesHash, seriesCodes } from './features-hash.codec';
import { FeatureSpecBuilder } from './feature-spec';
import { STANDARD_FEATURE_SPEC } from './standard-features';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T10:00:00.000Z');
const SPEC = STANDARD_FEATURE_SPEC;
const KEYS = Object.keys(SPEC.series);

const PAYLOADS: Record<string, (n: number) => object> = {
  'purchase.completed': (n) => ({ amount: n, currency: 'EUR', productId: 'plan-m' }),
  'complaint.filed': () => ({ complaintId: 'c', category: 'network', severity: 'high' }),
  'call.completed': () => ({}),
  'service.incident': () => ({}),
  'survey.answered': (n) => ({ score: n % 11, scale: 'nps-0-10' }),
};

function build(drafts: Array<{ type: string; daysAgo: number; n: number }>): CustomerFeatures {
  let features: CustomerFeatures | undefined;
  drafts.forEach(({ type, daysAgo, n }, i) => {
    const event: FeatureEvent = {
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      customerId: 'cust-000123456',
      type,
      occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
      payload: PAYLOADS[type]!(n),
    };
    features = applyEventToFeatures(features, event, SPEC, NOW).features;
  });
  return features!;
}

/**
 * Redis keeps a small hash as one listpack: per entry about 2 bytes of header and 1 of
 * back-length around the bytes of the field and of the value, plus the key, its object and
 * dictionary entry (≈ 90 bytes with a 30-byte key). An estimate; the benchmark reports the
 * measured `MEMORY USAGE`.
 */
function estimatedRedisBytes(hash: Record<string, string>): number {
  const entries = Object.entries(hash);
  const payload = entries.reduce((sum, [field, value]) => sum + field.length + value.length, 0);
  return 7 + payload + entries.length * 2 * 3 + 90;
}

describe('features hash codec', () => {
  it('round-trips any features built from events', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom(...Object.keys(PAYLOADS)),
            daysAgo: fc.double({ min: -2, max: 500, noNaN: true }),
            n: fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (drafts) => {
          const features = build(drafts);
          const hash = encodeFeaturesHash(features);
          expect(decodeFeaturesHash(hash, features.customerId, KEYS)).toEqual(features);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps profile attributes in one field, grouped by the change that set them', () => {
    const spec = new FeatureSpecBuilder(4)
      .needProfile('kind')
      .needProfile('loyalty/tier')
      .needProfile('consent/sms')
      .build();
    const change = (eventId: string, daysAgo: number, changes: Array<[string, unknown]>) => ({
      eventId,
      customerId: 'c-7',
      occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
      changes: changes.map(([field, value]) => ({ field, value })),
    });
    let features = applyProfileChangeToFeatures(
      undefined,
      change('00000000-0000-4000-8000-000000000001', 10, [
        ['/kind', 'person'],
        ['/loyalty/tier', 'gold'],
        ['/consent/sms', true],
      ]),
      spec,
      NOW,
    ).features;
    features = applyProfileChangeToFeatures(
      features,
      change('00000000-0000-4000-8000-000000000002', 1, [['/loyalty/tier', null]]),
      spec,
      NOW,
    ).features;
    const hash = encodeFeaturesHash(features);
    expect(Object.keys(hash).filter((field) => field.startsWith('p'))).toEqual([]);
    expect(JSON.parse(hash['P']!)).toHaveLength(2);
    expect(decodeFeaturesHash(hash, 'c-7', [])).toEqual(features);

    // The earlier form, a field per attribute, reads the same and is written back grouped.
    const { P: grouped, ...rest } = hash;
    const legacy = { ...rest } as Record<string, string>;
    for (const [attribute, entry] of Object.entries(features.profile))
      legacy[`p:${attribute}`] = JSON.stringify(entry);
    expect(grouped).toBeDefined();
    expect(encodeFeaturesHash(decodeFeaturesHash(legacy, 'c-7', []))).toEqual(hash);
    expect(() => decodeFeaturesHash({ ...rest, P: '[["x"]]' }, 'c-7', [])).toThrow(/profile/);
  });

  it('keeps a busy customer of the standard feature set under 1 KB', () => {
    // A year of a busy customer: 4 purchases and 3 calls a month, a complaint and an incident a
    // month, a survey a quarter.
    const drafts: Array<{ type: string; daysAgo: number; n: number }> = [];
    for (let day = 0; day < 365; day++) {
      if (day % 7 === 0)
        drafts.push({ type: 'purchase.completed', daysAgo: day + 0.3, n: 19.99 + day });
      if (day % 10 === 0) drafts.push({ type: 'call.completed', daysAgo: day + 0.5, n: 0 });
      if (day % 30 === 0) drafts.push({ type: 'complaint.filed', daysAgo: day + 0.2, n: 0 });
      if (day % 30 === 15) drafts.push({ type: 'service.incident', daysAgo: day + 0.2, n: 0 });
      if (day % 91 === 0) drafts.push({ type: 'survey.answered', daysAgo: day + 0.1, n: day });
    }
    const hash = encodeFeaturesHash(build(drafts));
    expect(estimatedRedisBytes(hash)).toBeLessThanOrEqual(1024);
  });

  it('names series by short stable codes and rejects nothing for distinct keys', () => {
    const codes = seriesCodes(KEYS);
    expect(new Set(codes.values()).size).toBe(KEYS.length);
    for (const code of codes.values()) expect(code).toMatch(/^[A-Za-z0-9_-]{5}$/);
  });

  it('drops series the spec no longer tracks and rejects malformed numbers', () => {
    const features = build([{ type: 'call.completed', daysAgo: 1, n: 0 }]);
    const hash = encodeFeaturesHash(features);
    expect(decodeFeaturesHash(hash, features.customerId, []).series).toEqual({});
    expect(() => decodeFeaturesHash({ ...hash, v: '!' }, features.customerId, KEYS)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_CUSTOMER_FEATURES' }) as Error,
    );
  });
});
