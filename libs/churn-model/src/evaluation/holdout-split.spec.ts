import { isHeldOut } from './holdout-split';

describe('isHeldOut', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `sim7-${String(i).padStart(7, '0')}`);

  it('holds out about the requested share of customers', () => {
    const share = ids.filter((id) => isHeldOut(id, 0.3)).length / ids.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
  });

  it('puts a customer on the same side every time, and nests smaller splits in larger ones', () => {
    for (const id of ids.slice(0, 500)) {
      expect(isHeldOut(id, 0.3)).toBe(isHeldOut(id, 0.3));
      if (isHeldOut(id, 0.1)) expect(isHeldOut(id, 0.3)).toBe(true);
    }
  });
});
