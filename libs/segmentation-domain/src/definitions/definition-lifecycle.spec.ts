import {
  definitionStatus,
  planActivation,
  planEdit,
  planRetirement,
  type VersionStatus,
} from './definition-lifecycle';

const v = (version: number, status: VersionStatus['status']): VersionStatus => ({
  version,
  status,
});

describe('definition versioning rules', () => {
  it('edits the latest draft in place, and versions anything that was ever active', () => {
    expect(planEdit([v(1, 'draft')])).toEqual({ kind: 'update-draft', version: 1 });
    expect(planEdit([v(1, 'active')])).toEqual({ kind: 'new-version', version: 2 });
    expect(planEdit([v(1, 'superseded'), v(2, 'active'), v(3, 'draft')])).toEqual({
      kind: 'update-draft',
      version: 3,
    });
    expect(planEdit([v(2, 'retired'), v(1, 'superseded')])).toEqual({
      kind: 'new-version',
      version: 3,
    });
    expect(() => planEdit([])).toThrow(
      expect.objectContaining({ code: 'SEGMENT_DEFINITION_NOT_FOUND' }),
    );
  });

  it('activates a first version as `activate` and a replacement as `edit`', () => {
    expect(planActivation([v(1, 'draft')], 1)).toEqual({
      kind: 'activate',
      supersedes: null,
      jobKind: 'activate',
    });
    expect(planActivation([v(1, 'active'), v(2, 'draft')], 2)).toEqual({
      kind: 'activate',
      supersedes: 1,
      jobKind: 'edit',
    });
  });

  it('is idempotent for the active version and allows rolling back to a superseded one', () => {
    expect(planActivation([v(1, 'active')], 1)).toEqual({ kind: 'already-active' });
    expect(planActivation([v(1, 'superseded'), v(2, 'active')], 1)).toEqual({
      kind: 'activate',
      supersedes: 2,
      jobKind: 'edit',
    });
  });

  it('refuses an unknown version or definition', () => {
    expect(() => planActivation([v(1, 'draft')], 2)).toThrow(
      expect.objectContaining({ code: 'SEGMENT_VERSION_NOT_FOUND' }),
    );
    expect(() => planActivation([], 1)).toThrow(
      expect.objectContaining({ code: 'SEGMENT_DEFINITION_NOT_FOUND' }),
    );
  });

  it('retires the active version once, and refuses a definition never activated', () => {
    expect(planRetirement([v(1, 'superseded'), v(2, 'active')])).toEqual({
      kind: 'retire',
      version: 2,
    });
    expect(planRetirement([v(1, 'retired'), v(2, 'draft')])).toEqual({ kind: 'already-retired' });
    expect(() => planRetirement([v(1, 'draft')])).toThrow(
      expect.objectContaining({ code: 'SEGMENT_NOT_ACTIVE' }),
    );
  });

  it('summarises a definition: active wins, then retired, then the latest', () => {
    expect(definitionStatus([v(1, 'active'), v(2, 'draft')])).toBe('active');
    expect(definitionStatus([v(1, 'retired'), v(2, 'draft')])).toBe('retired');
    expect(definitionStatus([v(1, 'draft')])).toBe('draft');
  });
});
