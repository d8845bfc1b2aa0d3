import fc from 'fast-check';
import { applyEventToFeatures, applyProfileChangeToFeatures } from './apply-to-features';
import type { CustomerFeatures } from './customer-features';
import { seriesKey, type FeatureEvent } from './feature-series';
import {
  decodeFeaturesHash,
  encodeFeaturesHash,
  mayHoldSeriesReference,
  seriesCode,
  seriesCodes,
} from './features-hash.codec';
import { profileAttributeCode } from './profile-field.codec';
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

/** Features after `drafts`, applied on top of `from` (ids start with `idPrefix`). */
function build(
  drafts: Array<{ type: string; daysAgo: number; n: number }>,
  from?: CustomerFeatures,
  idPrefix = '00000000',
): CustomerFeatures {
  let features = from;
  drafts.forEach(({ type, daysAgo, n }, i) => {
    const event: FeatureEvent = {
      eventId: `${idPrefix}-0000-4000-8000-${String(i).padStart(12, '0')}`,
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
          expect(decodeFeaturesHash(hash, features.customerId, SPEC)).toEqual(features);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('encodes against the stored hash it decoded from exactly as from scratch', () => {
    const draftArb = fc.record({
      type: fc.constantFrom(...Object.keys(PAYLOADS)),
      daysAgo: fc.double({ min: -2, max: 500, noNaN: true }),
      n: fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100),
    });
    let reused = 0;
    fc.assert(
      fc.property(
        fc.array(draftArb, { minLength: 1, maxLength: 40 }),
        fc.array(draftArb, { minLength: 1, maxLength: 3 }),
        (before, after) => {
          const stored = encodeFeaturesHash(build(before));
          const decoded = decodeFeaturesHash(stored, 'cust-000123456', SPEC);
          const features = build(after, decoded, '10000000');
          for (const key in features.series)
            if (features.series[key] === decoded.series[key]) reused += 1;
          expect(encodeFeaturesHash(features, { features: decoded, hash: stored })).toEqual(
            encodeFeaturesHash(features),
          );
        },
      ),
      { numRuns: 300 },
    );
    // Unchanged series were there to reuse, so the basis was exercised.
    expect(reused).toBeGreaterThan(100);
  });

  it('keeps profile attributes in one field, by code, grouped by the change that set them', () => {
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
    expect(Object.keys(hash).filter((field) => field.startsWith('p') || field === 'P')).toEqual([]);
    const groups = hash['a']!.split('~');
    expect(groups).toHaveLength(2);
    expect(hash['a']).not.toContain('loyalty');
    expect(groups[1]).toMatch(new RegExp(`;${profileAttributeCode('loyalty/tier')}z$`));
    expect(decodeFeaturesHash(hash, 'c-7', spec)).toEqual(features);
    // An attribute the spec no longer tracks is dropped, as an untracked series is.
    const narrower = new FeatureSpecBuilder(4).needProfile('kind').build();
    expect(Object.keys(decodeFeaturesHash(hash, 'c-7', narrower).profile)).toEqual(['kind']);

    // The earlier forms (attributes by name in `P`, a field per attribute, the JSON form of `a`)
    // read the same and are written back in the current form.
    const { a: coded, ...rest } = hash;
    expect(coded).toBeDefined();
    const byName = Object.entries(features.profile).map(([attribute, [value, atMs, fp]]) => [
      atMs.toString(36),
      fp,
      { [attribute]: value },
    ]);
    const named = { ...rest, P: JSON.stringify(byName) };
    expect(encodeFeaturesHash(decodeFeaturesHash(named, 'c-7', spec))).toEqual(hash);
    const legacy = { ...rest } as Record<string, string>;
    for (const [attribute, entry] of Object.entries(features.profile))
      legacy[`p:${attribute}`] = JSON.stringify(entry);
    expect(encodeFeaturesHash(decodeFeaturesHash(legacy, 'c-7', spec))).toEqual(hash);
    const codedJson = Object.entries(features.profile).map(([attribute, [value, atMs, fp]]) => [
      atMs.toString(36),
      fp,
      { [profileAttributeCode(attribute)]: value },
    ]);
    const json = { ...rest, a: JSON.stringify(codedJson) };
    expect(encodeFeaturesHash(decodeFeaturesHash(json, 'c-7', spec))).toEqual(hash);
    expect(() => decodeFeaturesHash({ ...rest, a: '[["x"]]' }, 'c-7', spec)).toThrow(/profile/);
  });

  it('stores a series identical to another of its event type as a reference to it', () => {
    const all = { event: 'complaint.filed' };
    const high = { event: 'complaint.filed', where: { severity: 'high' } };
    const spec = new FeatureSpecBuilder()
      .needSeries(all, { days: 30 })
      .needSeries(high, { days: 30 })
      .needSeries({ event: 'call.completed' }, { days: 30 })
      .build();
    const complaint = (i: number, severity: string, daysAgo: number): FeatureEvent => ({
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      customerId: 'c-9',
      type: 'complaint.filed',
      occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
      payload: { complaintId: `k${i}`, category: 'network', severity },
    });
    let features = applyEventToFeatures(undefined, complaint(1, 'high', 3), spec, NOW).features;
    features = applyEventToFeatures(features, complaint(2, 'high', 1), spec, NOW).features;
    const [allCode, highCode] = [seriesCode(seriesKey(all)), seriesCode(seriesKey(high))];
    const hash = encodeFeaturesHash(features);
    const values = [hash[allCode], hash[highCode]];
    expect(values.filter((v) => v!.startsWith('='))).toHaveLength(1);
    // The first in key order is written out, the other refers to it.
    const [first, second] =
      seriesKey(all) < seriesKey(high) ? [allCode, highCode] : [highCode, allCode];
    expect(hash[second]).toBe(`=${first}`);
    expect(decodeFeaturesHash(hash, 'c-9', spec)).toEqual(features);

    // A partial read that lacks the referenced field cannot be decoded alone (the hot store's
    // read follows the reference).
    const referring = hash[allCode]!.startsWith('=') ? allCode : highCode;
    expect(mayHoldSeriesReference(referring)).toBe(true);
    expect(mayHoldSeriesReference('M')).toBe(false);
    const partial = { v: hash['v']!, r: hash['r']!, [referring]: hash[referring]! };
    expect(() => decodeFeaturesHash(partial, 'c-9', spec)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_CUSTOMER_FEATURES' }) as Error,
    );

    // Once they differ, both are written out.
    features = applyEventToFeatures(features, complaint(3, 'low', 0.5), spec, NOW).features;
    const apart = encodeFeaturesHash(features);
    expect(apart[allCode]!.startsWith('=') || apart[highCode]!.startsWith('=')).toBe(false);
    expect(decodeFeaturesHash(apart, 'c-9', spec)).toEqual(features);

    // The earlier `s:<code>` fields read the same.
    const earlier = Object.fromEntries(
      Object.entries(apart).map(([f, v]) => [f.length === 5 ? `s:${f}` : f, v]),
    );
    expect(decodeFeaturesHash(earlier, 'c-9', spec)).toEqual(features);
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

  it('refuses to write two series that share a field code', () => {
    // Birthday search over 64^5 codes: a shared code turns up within ~40,000 keys.
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const key = JSON.stringify(['call.completed', { reason: `r${i}` }]);
      const code = seriesCode(key);
      const other = seen.get(code);
      if (other === undefined) seen.set(code, key);
      else pair = [other, key];
    }
    const features = build([{ type: 'call.completed', daysAgo: 1, n: 0 }]);
    const [series] = Object.values(features.series);
    const clashing = { ...features, series: { [pair[0]]: series!, [pair[1]]: series! } };
    expect(() => encodeFeaturesHash(clashing)).toThrow(
      expect.objectContaining({ code: 'SERIES_CODE_COLLISION' }) as Error,
    );
  });

  it('drops series the spec no longer tracks and rejects malformed numbers', () => {
    const features = build([{ type: 'call.completed', daysAgo: 1, n: 0 }]);
    const hash = encodeFeaturesHash(features);
    expect(
      decodeFeaturesHash(hash, features.customerId, { series: {}, profile: [] }).series,
    ).toEqual({});
    expect(() => decodeFeaturesHash({ ...hash, v: '!' }, features.customerId, SPEC)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_CUSTOMER_FEATURES' }) as Error,
    );
  });
});
