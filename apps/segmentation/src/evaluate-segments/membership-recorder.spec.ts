import { canRecordTogether, type RecordWork } from './membership-recorder';
import { JOURNAL_GROUP_MAX_ROWS } from './segment-state.ports';

function work(consumer: string | undefined, rows: number): RecordWork {
  const ids = Array.from({ length: rows }, (_, i) => `e-${i}`);
  return { entry: { consumer, eventIds: ids, states: [], changes: [] }, pending: [] };
}

describe('canRecordTogether', () => {
  it("merges only one consumer's work, and no more rows than one journal transaction takes", () => {
    expect(canRecordTogether([work('seg', 10), work('seg', 20)])).toBe(true);
    expect(canRecordTogether([work('seg', 10), work('other', 20)])).toBe(false);
    expect(canRecordTogether([work('seg', 10), work(undefined, 0)])).toBe(false);
    const half = JOURNAL_GROUP_MAX_ROWS / 2;
    expect(canRecordTogether([work('seg', half), work('seg', half)])).toBe(true);
    expect(canRecordTogether([work('seg', half), work('seg', half + 1)])).toBe(false);
  });
});
