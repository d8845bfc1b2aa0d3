import {
  CONTACT_EVENT_TYPES,
  contactEventV1Schema,
  decodeWith,
  type ContactEvent,
  type FieldIssue,
} from '@cip/contracts';
import type { Clock } from './clock';
import { checkOccurredAt, DEFAULT_MAX_FUTURE_SKEW_MS } from './future-timestamp.policy';
import { INGESTION_ERROR_CODES, type IngestionErrorCode } from './ingestion-error-codes';

/** Schema versions this service accepts per event type (all v1 for now). */
const SUPPORTED_VERSIONS: ReadonlySet<number> = new Set([1]);
const KNOWN_TYPES: ReadonlySet<string> = new Set(CONTACT_EVENT_TYPES);

export type ContactEventDecoding =
  | { ok: true; event: ContactEvent }
  | { ok: false; code: IngestionErrorCode; message: string; issues: FieldIssue[] };

function rejected(
  code: IngestionErrorCode,
  message: string,
  issues: FieldIssue[],
): ContactEventDecoding {
  return { ok: false, code, message, issues };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns an untrusted request body into a ContactEvent or a rejection naming every failing field.
 * Total: whatever `input` is, it returns and never throws. Unknown type and version get their own
 * codes first, because for those the field-level issues of the union would only be noise.
 */
export function decodeContactEvent(
  input: unknown,
  clock: Clock,
  maxFutureSkewMs: number = DEFAULT_MAX_FUTURE_SKEW_MS,
): ContactEventDecoding {
  if (!isRecord(input)) {
    return rejected(INGESTION_ERROR_CODES.invalidEvent, 'The body must be a JSON object', [
      { path: '/', code: 'invalid_type', message: 'expected a JSON object' },
    ]);
  }
  const { type, version } = input;
  if (typeof type === 'string' && !KNOWN_TYPES.has(type)) {
    return rejected(
      INGESTION_ERROR_CODES.unknownEventType,
      `Unknown event type "${type.slice(0, 64)}"`,
      [
        {
          path: '/type',
          code: 'unknown_event_type',
          message: `expected one of ${CONTACT_EVENT_TYPES.join(', ')}`,
        },
      ],
    );
  }
  if (typeof type === 'string' && typeof version === 'number' && !SUPPORTED_VERSIONS.has(version)) {
    return rejected(
      INGESTION_ERROR_CODES.unsupportedVersion,
      `Version ${version} of ${type} is not supported`,
      [
        {
          path: '/version',
          code: 'unsupported_version',
          message: `supported: ${[...SUPPORTED_VERSIONS].join(', ')}`,
        },
      ],
    );
  }
  const decoded = decodeWith(contactEventV1Schema, input);
  if (!decoded.ok) {
    return rejected(
      INGESTION_ERROR_CODES.invalidEvent,
      'The event does not match the ContactEvent v1 contract',
      decoded.issues,
    );
  }
  const future = checkOccurredAt(decoded.value.occurredAt, clock, maxFutureSkewMs);
  if (future) {
    return rejected(INGESTION_ERROR_CODES.occurredInFuture, 'occurredAt lies in the future', [
      future,
    ]);
  }
  return { ok: true, event: decoded.value };
}
