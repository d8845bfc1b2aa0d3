import { takeFlags } from './position-flags';

describe('takeFlags', () => {
  it('hands back the same array for a role, zeroed', () => {
    const first = takeFlags('results', 5);
    first.set([1, 0, 1, 1, 0]);
    const second = takeFlags('results', 5);
    expect(second).toBe(first);
    expect([...second]).toEqual([0, 0, 0, 0, 0]);
  });

  it('keeps one array per role', () => {
    const results = takeFlags('results', 3);
    results[0] = 1;
    const flipped = takeFlags('flipped', 3);
    expect(flipped).not.toBe(results);
    expect(results[0]).toBe(1);
  });

  it('replaces the array when the catalog size changes', () => {
    const small = takeFlags('evaluated', 3);
    small[2] = 1;
    const large = takeFlags('evaluated', 130);
    expect(large).toHaveLength(130);
    expect(large.every((flag) => flag === 0)).toBe(true);
  });
});
