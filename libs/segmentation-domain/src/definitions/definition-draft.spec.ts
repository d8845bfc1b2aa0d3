import { validateDefinitionDraft } from './definition-draft';

const COMPLAINERS = {
  kind: 'compare',
  op: '>=',
  left: { kind: 'aggregate', fn: 'count', event: 'complaint.filed', window: { days: 30 } },
  right: 2,
};
const BODY = {
  id: 'complainers',
  name: 'Complainers',
  description: 'two complaints in 30 days',
  owner: 'retention',
  strategy: 'call back',
  condition: COMPLAINERS,
};

describe('validateDefinitionDraft', () => {
  it('accepts a definition and returns the parsed condition', () => {
    const result = validateDefinitionDraft(BODY);
    expect(result).toEqual({
      ok: true,
      id: 'complainers',
      draft: {
        name: 'Complainers',
        description: 'two complaints in 30 days',
        owner: 'retention',
        strategy: 'call back',
        condition: COMPLAINERS,
        pack: null,
      },
    });
  });

  it('points condition issues at their node under /condition', () => {
    const result = validateDefinitionDraft({
      ...BODY,
      condition: {
        kind: 'and',
        rules: [COMPLAINERS, { ...COMPLAINERS, left: { ...COMPLAINERS.left, event: 'nope' } }],
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(['/condition/rules/1/left/event']);
  });

  it('reports metadata and condition issues together', () => {
    const result = validateDefinitionDraft({
      id: '9bad id',
      owner: '',
      strategy: 's',
      condition: { kind: 'compare', op: '>=', left: 1 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/id', '/name', '/owner']));
    expect(paths.some((p) => p.startsWith('/condition'))).toBe(true);
  });

  it('requires a condition and rejects unknown fields', () => {
    const result = validateDefinitionDraft({ ...BODY, condition: undefined, colour: 'red' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/condition', '/']));
  });

  it('takes the id from the URL for a new version and refuses a different one', () => {
    const { id: _id, ...withoutId } = BODY;
    expect(validateDefinitionDraft(withoutId, { id: 'complainers' })).toMatchObject({
      ok: true,
      id: 'complainers',
    });
    const mismatch = validateDefinitionDraft({ ...BODY, id: 'other' }, { id: 'complainers' });
    expect(mismatch).toMatchObject({ ok: false, issues: [{ path: '/id', code: 'id_mismatch' }] });
  });

  it('rejects a quantile table that does not exist when tables are given', () => {
    const result = validateDefinitionDraft(
      {
        ...BODY,
        condition: {
          kind: 'compare',
          op: '>=',
          left: { kind: 'quantile', table: 'nope', value: 1 },
          right: 2,
        },
      },
      { quantileTables: new Set(['rfm.recency']) },
    );
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: '/condition/left/table', code: 'unknown_table' }],
    });
  });

  it('accepts the first rule form (the seeded definition) and translates it', () => {
    const result = validateDefinitionDraft({
      ...BODY,
      condition: {
        kind: 'gte',
        left: { kind: 'count', eventType: 'complaint.filed', windowDays: 30 },
        right: 2,
      },
    });
    expect(result).toMatchObject({ ok: true, draft: { condition: COMPLAINERS } });
  });
});
