import { sameCuts } from './recompute-quantiles.use-case';

describe('sameCuts', () => {
  it('treats a table never computed as changed, and compares cut by cut', () => {
    expect(sameCuts(undefined, [])).toBe(false);
    expect(sameCuts([1, 2, 3], [1, 2, 3])).toBe(true);
    expect(sameCuts([1, 2, 3], [1, 2, 4])).toBe(false);
    expect(sameCuts([1, 2], [1, 2, 3])).toBe(false);
  });
});
