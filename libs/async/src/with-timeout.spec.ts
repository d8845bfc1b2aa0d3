import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('settles like the work when it finishes in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000, () => new Error('late'))).resolves.toBe(
      42,
    );
    await expect(
      withTimeout(Promise.reject(new Error('boom')), 1_000, () => new Error('late')),
    ).rejects.toThrow('boom');
  });

  it('rejects with the timeout error when the work takes too long', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 20, () => new Error('no answer within 20 ms'))).rejects.toThrow(
      'no answer within 20 ms',
    );
  });
});
