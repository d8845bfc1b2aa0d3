import fc from 'fast-check';
import { eventIdSchema } from '@cip/contracts';
import { deterministicId, firingIds } from './deterministic-id';

describe('deterministicId', () => {
  it('is stable for the same parts and valid as an event id', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        const id = deterministicId('alert', a, b, c);
        expect(deterministicId('alert', a, b, c)).toBe(id);
        expect(eventIdSchema.safeParse(id).success).toBe(true);
      }),
    );
  });

  it('does not confuse part boundaries', () => {
    expect(deterministicId('alert', 'ab', 'c')).not.toBe(deterministicId('alert', 'a', 'bc'));
  });

  it('gives distinct ids to the alert, its event and the trigger event', () => {
    const ids = firingIds('c-1', 'repeated-complaints', 'm-1');
    expect(new Set(Object.values(ids)).size).toBe(3);
    expect(firingIds('c-1', 'repeated-complaints', 'm-2').alertId).not.toBe(ids.alertId);
  });
});
