/**
 * Settles like `work`, or rejects with `onTimeout()` after `ms`. The work itself keeps running
 * (kafkajs has no cancellation); callers decide what to do with it. The timer never keeps the
 * process alive after the race is decided.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
