import { contactEventV1Schema, type ContactEvent } from '@cip/contracts';
import { DAY_MS } from '../features/extract-churn-features';
import {
  examplesFromHistory,
  historySnapshots,
  type HistoryTrainingSettings,
} from './train-from-history';

const END = Date.parse('2026-06-01T00:00:00Z');
const settings: HistoryTrainingSettings = {
  modelVersion: 'v',
  trainedAt: new Date(END),
  observedUntil: END,
  horizonDays: 60,
  snapshotCount: 3,
  stepDays: 30,
  heldOutShare: 0.3,
  silentAfterDays: 60,
};
let n = 0;
const visit = (daysBefore: number): ContactEvent =>
  contactEventV1Schema.parse({
    eventId: `v${(n += 1)}`,
    type: 'visit.completed',
    version: 1,
    occurredAt: new Date(END - daysBefore * DAY_MS).toISOString(),
    customerId: 'c1',
    source: 'test',
    payload: { channel: 'web', purpose: 'browse', durationSeconds: 10 },
  });

describe('training rows from a stored history', () => {
  it('ends the snapshots one horizon before the history, so every label is fully observed', () => {
    expect(historySnapshots(settings)).toEqual([60, 90, 120].map((d) => END - d * DAY_MS));
  });

  it('skips snapshots before the customer’s first event', () => {
    const rows = examplesFromHistory(
      { customerId: 'c1', events: [visit(100), visit(5)] },
      settings,
    );
    expect(rows.map((r) => (END - r.snapshot) / DAY_MS)).toEqual([60, 90]);
  });

  it('computes features from the retention window only', () => {
    const rows = examplesFromHistory(
      { customerId: 'c1', events: [visit(700), visit(100), visit(5)] },
      { ...settings, retentionDays: 400 },
    );
    // The visit 700 days back is out of reach at every snapshot: tenure starts at day 100.
    expect(rows[0]?.features.tenureDays).toBeCloseTo(40);
  });
});
