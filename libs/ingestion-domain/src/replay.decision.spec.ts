import { decideReplay } from './replay.decision';

const now = new Date('2025-01-01T12:00:00.000Z');
const options = { now, pendingTimeoutMs: 30_000 };
const at = (msAgo: number): Date => new Date(now.getTime() - msAgo);

describe('decideReplay', () => {
  it('is new when the ledger has no row', () => {
    expect(decideReplay(undefined, 'h', options)).toBe('new');
  });

  it('replays an accepted event with the same body', () => {
    expect(
      decideReplay({ bodyHash: 'h', status: 'accepted', acceptedAt: at(1_000_000) }, 'h', options),
    ).toBe('replay');
  });

  it('refuses the same id with a different body, accepted or pending', () => {
    expect(
      decideReplay({ bodyHash: 'h', status: 'accepted', acceptedAt: at(0) }, 'other', options),
    ).toBe('conflict');
    expect(
      decideReplay({ bodyHash: 'h', status: 'pending', acceptedAt: at(0) }, 'other', options),
    ).toBe('conflict');
  });

  it('waits for a fresh pending claim and retakes an abandoned one', () => {
    expect(
      decideReplay({ bodyHash: 'h', status: 'pending', acceptedAt: at(29_999) }, 'h', options),
    ).toBe('in-progress');
    expect(
      decideReplay({ bodyHash: 'h', status: 'pending', acceptedAt: at(30_000) }, 'h', options),
    ).toBe('retake');
  });
});
