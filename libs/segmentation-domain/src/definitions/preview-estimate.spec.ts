import { estimatePreview } from './preview-estimate';

describe('estimatePreview', () => {
  it('projects the share found onto the population when the scan was partial', () => {
    expect(
      estimatePreview({ scanned: 100, matched: 25, population: 1_000, complete: false }),
    ).toEqual({
      scanned: 100,
      matched: 25,
      share: 0.25,
      estimatedSize: 250,
      complete: false,
    });
  });

  it('is exact when every customer was scanned', () => {
    expect(
      estimatePreview({ scanned: 40, matched: 7, population: 35, complete: true }).estimatedSize,
    ).toBe(7);
  });

  it('handles an empty population', () => {
    expect(
      estimatePreview({ scanned: 0, matched: 0, population: 0, complete: true }),
    ).toMatchObject({ share: 0, estimatedSize: 0 });
  });
});
