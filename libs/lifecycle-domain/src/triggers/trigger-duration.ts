import { z } from 'zod';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A window or a delay in a trigger condition, in whole hours or whole days (at most a year). */
export type TriggerDuration = { hours: number } | { days: number };

export const triggerDurationSchema: z.ZodType<TriggerDuration> = z.union([
  z.strictObject({
    hours: z
      .number()
      .int()
      .min(1)
      .max(366 * 24),
  }),
  z.strictObject({ days: z.number().int().min(1).max(366) }),
]);

export function durationMs(duration: TriggerDuration): number {
  return 'hours' in duration ? duration.hours * HOUR_MS : duration.days * DAY_MS;
}

/** "48 hours", "30 days": for alert reasons. */
export function describeDuration(duration: TriggerDuration): string {
  return 'hours' in duration ? `${duration.hours} hours` : `${duration.days} days`;
}
