import { rfmPack, rfmStrategy } from './rfm.pack';
import { membership, purchase, type Fact } from './testing.fixtures';

describe('RFM pack', () => {
  const pack = rfmPack();
  const tables = {
    'rfm.recency': [10, 30, 90, 180],
    'rfm.frequency': [1, 2, 4, 8],
    'rfm.monetary': [100, 500, 1_000, 5_000],
  };

  it('has 125 distinct cells', () => {
    expect(pack).toHaveLength(125);
    expect(new Set(pack.map((d) => d.id)).size).toBe(125);
  });

  it('gives the most recent buyers R5 (recency ranks days, fewer is better)', () => {
    // Bought 3 days ago (current month: outside the 12 complete months) and three times before.
    const facts = [purchase(3, 10), purchase(40, 10), purchase(70, 10), purchase(100, 10)];
    expect(membership(pack, facts, tables)).toEqual(['rfm.r5-f3-m1']);
  });

  it('puts a lapsed big spender in R1 with high F and M', () => {
    const facts = [200, 220, 240, 260, 280, 300, 320, 340].map((d) => purchase(d, 1_000));
    expect(membership(pack, facts, tables)).toEqual(['rfm.r1-f5-m5']);
    expect(pack.find((d) => d.id === 'rfm.r1-f5-m5')?.strategy).toMatch(/^Cannot lose them/);
  });

  it('matches exactly one cell for every buyer, and none for a prospect', () => {
    for (const recency of [0, 12, 45, 120, 250]) {
      for (const count of [0, 1, 3, 9]) {
        for (const amount of [5, 300, 2_000]) {
          const facts: Fact[] = [
            purchase(recency, amount),
            ...Array.from({ length: count }, (_, i) => purchase(recency + 31 * (i + 1), amount)),
          ];
          expect(membership(pack, facts, tables)).toHaveLength(1);
        }
      }
    }
    expect(membership(pack, [], tables)).toEqual([]);
  });

  it('matches nothing until the tables are supplied', () => {
    expect(membership(pack, [purchase(3)])).toEqual([]);
  });

  it('follows the number of scores', () => {
    const tertiles = rfmPack({ scores: 3 });
    expect(tertiles).toHaveLength(27);
    expect(
      membership(tertiles, [purchase(3, 10)], {
        'rfm.recency': [10, 90],
        'rfm.frequency': [1, 4],
        'rfm.monetary': [100, 1_000],
      }),
    ).toEqual(['rfm.r3-f1-m1']);
  });

  it('reads the usual cell names', () => {
    expect(rfmStrategy(5, 5, 5)).toMatch(/^Champions/);
    expect(rfmStrategy(1, 1, 1)).toMatch(/^Hibernating/);
    expect(rfmStrategy(5, 1, 1)).toMatch(/^New or promising/);
    expect(rfmStrategy(3, 4, 2)).toMatch(/^Loyal/);
    expect(rfmStrategy(3, 3, 3, 3)).toMatch(/^Champions/);
  });
});
