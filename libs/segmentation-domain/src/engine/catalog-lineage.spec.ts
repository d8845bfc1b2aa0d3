import { segmentsChangedSince } from './catalog-lineage';
import { engineCatalogOf } from './segment-engine.fixtures';

const TABLES = { monetary: [50, 150, 400, 900] };

describe('segmentsChangedSince', () => {
  const before = engineCatalogOf({}, new Set(), TABLES);

  it('names the positions of segments with another version since the earlier catalog', () => {
    const after = engineCatalogOf({ 'lapsed-buyers': 2 }, new Set(), TABLES);
    const changed = segmentsChangedSince(before.key, after)!;
    const named = after.ordered.filter(({ position }) => changed[position] === 1);
    expect(named.map(({ segment }) => segment.id)).toEqual(['lapsed-buyers']);
    // Against itself nothing changed; a later catalog knows both earlier ones.
    expect([...segmentsChangedSince(after.key, after)!].every((bit) => bit === 0)).toBe(true);
    const later = engineCatalogOf({ 'lapsed-buyers': 2, 'big-spender': 3 }, new Set(), TABLES);
    const both = segmentsChangedSince(before.key, later)!;
    expect(later.ordered.filter(({ position }) => both[position] === 1).length).toBe(2);
  });

  it('counts a re-activated segment as changed', () => {
    const retired = engineCatalogOf({}, new Set(['at-risk']), TABLES);
    const back = engineCatalogOf({ 'at-risk': 2 }, new Set(), TABLES);
    const changed = segmentsChangedSince(retired.key, back)!;
    expect(changed[back.byId.get('at-risk')!.position]).toBe(1);
  });

  it('asks for everything when a segment left, quantile tables moved or the key is unknown', () => {
    expect(
      segmentsChangedSince(before.key, engineCatalogOf({}, new Set(['at-risk']), TABLES)),
    ).toBeUndefined();
    expect(
      segmentsChangedSince(before.key, engineCatalogOf({}, new Set(), { monetary: [1, 2, 3, 4] })),
    ).toBeUndefined();
    expect(segmentsChangedSince('never-built', before)).toBeUndefined();
    expect(segmentsChangedSince(undefined, before)).toBeUndefined();
  });
});
