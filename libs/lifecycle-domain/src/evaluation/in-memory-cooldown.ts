import type { CooldownLookup, CooldownRequest } from './cooldown.port';

/**
 * Reference implementation of the cooldown contract, kept in memory: for tests and for
 * recomputing from history (replaying the log through it must give the live answers).
 */
export class InMemoryCooldown implements CooldownLookup {
  private readonly firings = new Map<string, Array<{ alertId: string; atMs: number }>>();

  async isCoolingDown(request: CooldownRequest): Promise<boolean> {
    const key = JSON.stringify([request.customerId, request.triggerId]);
    const firings = this.firings.get(key) ?? [];
    const atMs = request.raisedAt.getTime();
    const blocked = firings.some(
      (f) => f.alertId !== request.alertId && Math.abs(f.atMs - atMs) < request.cooldownMs,
    );
    if (!blocked && !firings.some((f) => f.alertId === request.alertId)) {
      firings.push({ alertId: request.alertId, atMs });
      this.firings.set(key, firings);
    }
    return blocked;
  }
}
