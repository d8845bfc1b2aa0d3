/** One firing asking whether its (customer, trigger) pair is still cooling down. */
export interface CooldownRequest {
  customerId: string;
  triggerId: string;
  /** The deterministic id of the alert this firing would raise. */
  alertId: string;
  raisedAt: Date;
  cooldownMs: number;
  now: Date;
}

/**
 * Answers (and may reserve) the cooldown of a (customer, trigger) pair. Contract:
 * - true when a *different* firing (alert id ≠ `alertId`) of the pair lies within `cooldownMs`
 *   of `raisedAt`;
 * - a retry of the same firing (same `alertId`) is never blocked by its own reservation, so a
 *   failure between reserving and publishing cannot lose the alert.
 * The service backs it with Redis (SET NX PX, the fast path) checked against the durable alert
 * table in Postgres (Redis can lose writes).
 */
export interface CooldownLookup {
  isCoolingDown(request: CooldownRequest): Promise<boolean>;
  /**
   * Batch form, one answer per request: the same answers as `isCoolingDown` called on each in
   * order (a firing let through counts for the later requests of its pair). Optional: callers
   * fall back to one call per request (see coolingDownAll).
   */
  areCoolingDown?(requests: readonly CooldownRequest[]): Promise<boolean[]>;
}
