import { LifecycleError } from '@cip/lifecycle-domain';

export interface AlertCursor {
  raisedAt: Date;
  alertId: string;
}

/** Opaque to clients: base64url of the last row's sort key (raised_at, alert_id). */
export function encodeAlertCursor(cursor: AlertCursor): string {
  return Buffer.from(JSON.stringify([cursor.raisedAt.toISOString(), cursor.alertId])).toString(
    'base64url',
  );
}

export function decodeAlertCursor(raw: string): AlertCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string'
    ) {
      const raisedAt = new Date(parsed[0]);
      if (!Number.isNaN(raisedAt.getTime())) return { raisedAt, alertId: parsed[1] };
    }
  } catch {
    // Falls through to the error below: any undecodable cursor is the same client mistake.
  }
  throw new LifecycleError('INVALID_ALERT_QUERY', 'cursor is not one this API returned', {
    issues: [{ path: '/cursor', code: 'invalid_format', message: 'unknown cursor' }],
  });
}
