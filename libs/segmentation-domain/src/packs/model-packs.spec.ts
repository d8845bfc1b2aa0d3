import { findSegmentCycles } from '../language/segment-set';
import { validateCondition } from '../language/validate-condition';
import { builtInDefinitions, MODEL_PACKS } from './model-packs';
import { QUANTILE_TABLES } from './quantile-cuts';

describe('built-in model packs', () => {
  const all = builtInDefinitions();

  it('are plain JSON definitions that validate', () => {
    const tables = new Set(Object.keys(QUANTILE_TABLES));
    for (const definition of all) {
      const json: unknown = JSON.parse(JSON.stringify(definition));
      expect(json).toEqual(definition);
      const result = validateCondition(definition.condition, { quantileTables: tables });
      expect({ id: definition.id, ok: result.ok }).toEqual({ id: definition.id, ok: true });
    }
  });

  it('have unique, stable, reference-friendly ids owned by their pack', () => {
    const ids = all.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of all) {
      // The language's segment-name pattern, so `inSegment` can point at any of them.
      expect(d.id).toMatch(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/);
      expect(d.id.startsWith(`${d.pack}.`)).toBe(true);
      expect(d.owner).toBe(`model-pack:${d.pack}`);
      expect(d.name && d.description && d.strategy).toBeTruthy();
    }
    expect(ids).toEqual(
      expect.arrayContaining(['value-tier.vip', 'rfm.r5-f3-m1', 'credit-grade.a']),
    );
  });

  it('cover every registered pack and nothing else', () => {
    expect(new Set(all.map((d) => d.pack))).toEqual(new Set(Object.keys(MODEL_PACKS)));
    expect(all.filter((d) => d.pack === 'rfm')).toHaveLength(125);
  });

  it('have no inSegment cycles as a set', () => {
    expect(findSegmentCycles(all)).toEqual([]);
  });
});

describe('MODEL_PACKS', () => {
  it('builds each pack from its defaults, or from overrides given as data', () => {
    expect(MODEL_PACKS['value-tier'].defaults.vipMin).toBe(10_000);
    const custom = MODEL_PACKS['value-tier'].build({ vipMin: 50_000 });
    expect(custom.find((d) => d.id === 'value-tier.vip')?.condition).toMatchObject({
      right: 50_000,
    });
    expect(MODEL_PACKS.rfm.build({ scores: 2 })).toHaveLength(8);
  });
});
