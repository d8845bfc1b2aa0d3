/** One dependency the service needs to do its work (Kafka, Redis, Postgres...). */
export interface DependencyCheck {
  name: string;
  /** Resolves when healthy, throws otherwise. */
  check(): Promise<void>;
}

export interface DependencyStatus {
  name: string;
  status: 'up' | 'down';
  error?: string;
  latencyMs: number;
}

export async function runChecks(
  checks: DependencyCheck[],
  timeoutMs: number,
): Promise<DependencyStatus[]> {
  return Promise.all(
    checks.map(async (dependency) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          dependency.check(),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
        return {
          name: dependency.name,
          status: 'up' as const,
          latencyMs: Math.round(performance.now() - started),
        };
      } catch (error) {
        return {
          name: dependency.name,
          status: 'down' as const,
          error: (error as Error).message,
          latencyMs: Math.round(performance.now() - started),
        };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
