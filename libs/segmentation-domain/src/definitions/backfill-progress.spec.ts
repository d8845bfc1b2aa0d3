import { advance, fractionDone, resumeCursor, type BackfillProgress } from './backfill-progress';

const start: BackfillProgress = { processed: 0, changes: 0, total: 10, cursor: null };

describe('backfill paging and progress', () => {
  it('starts a scan at 0 and resumes at the saved cursor', () => {
    expect(resumeCursor(start)).toBe('0');
    expect(resumeCursor({ ...start, cursor: '17' })).toBe('17');
  });

  it('accumulates pages and finishes when SCAN returns cursor 0', () => {
    const one = advance(start, { scanned: 4, changes: 1, nextCursor: '9' });
    expect(one).toEqual({
      progress: { processed: 4, changes: 1, total: 10, cursor: '9' },
      finished: false,
    });
    expect(fractionDone(one.progress, false)).toBeCloseTo(0.4);
    const two = advance(one.progress, { scanned: 5, changes: 2, nextCursor: '0' });
    // The total becomes the exact count once the scan completed.
    expect(two).toEqual({
      progress: { processed: 9, changes: 3, total: 9, cursor: '0' },
      finished: true,
    });
    expect(fractionDone(two.progress, true)).toBe(1);
  });

  it('lets the total follow processed when the estimate was low (duplicates, new customers)', () => {
    const over = advance({ ...start, total: 3 }, { scanned: 5, changes: 0, nextCursor: '4' });
    expect(over.progress.total).toBe(5);
    expect(fractionDone(over.progress, false)).toBe(1);
  });

  it('reports no fraction while the population is unknown', () => {
    expect(fractionDone({ ...start, total: null }, false)).toBeNull();
    expect(fractionDone({ ...start, total: 0 }, false)).toBeNull();
  });
});
