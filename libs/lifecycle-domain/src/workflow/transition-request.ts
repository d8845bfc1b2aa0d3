import { z } from 'zod';
import {
  ALERT_OUTCOMES,
  ALERT_STATUSES,
  type AlertOutcome,
  type AlertStatus,
} from './alert-status';

/**
 * The version the caller read. `if-match` comes from the HTTP header ('any' for `*`, -1 for a
 * validator that can never match); `body` from an `expectedVersion` field. They fail differently:
 * 412 Precondition Failed versus 409 Conflict.
 */
export type ExpectedAlertVersion =
  { via: 'if-match'; version: number | 'any' } | { via: 'body'; version: number };

export interface AlertTransitionRequest {
  to: AlertStatus;
  actor: string;
  note?: string | undefined;
  outcome?: AlertOutcome | undefined;
  expected?: ExpectedAlertVersion | undefined;
}

/** `POST /v1/alerts/:id/transitions` body. */
export const alertTransitionBodySchema = z.strictObject({
  to: z.enum(ALERT_STATUSES),
  /** Who acts: the supervisor or agent, e.g. `call-center/agent-17`. */
  actor: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[\w .@:/-]+$/, 'letters, digits, spaces and . @ : / - _ only'),
  note: z.string().max(2_000).optional(),
  outcome: z.enum(ALERT_OUTCOMES).optional(),
  expectedVersion: z.number().int().positive().optional(),
});

export type AlertTransitionBody = z.output<typeof alertTransitionBodySchema>;
