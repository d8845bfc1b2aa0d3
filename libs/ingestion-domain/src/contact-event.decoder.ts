import {
  CONTACT_EVENT_SCHEMA_VERSIONS,
  CONTACT_EVENT_TYPES,
  contactEventV1StrictSchema,
  envelopeFields,
  isContactEventType,
  isoTimestampSchema,
  type ContactEvent,
  type FieldIssue,
} from '@cip/contracts';
import { z } from 'zod';
import type { Clock } from './clock';
import { capIssues, eventFieldIssues } from './event-field-issues';
import { checkOccurredAt, DEFAULT_MAX_FUTURE_SKEW_MS } from './future-timestamp.policy';
import { INGESTION_ERROR_CODES, type IngestionErrorCode } from './ingestion-error-codes';
import { checkOccurredAtAge, DEFAULT_MAX_OCCURRED_AT_AGE_MS } from './past-timestamp.policy';

export type ContactEventDecoding =
  | { ok: true; event: ContactEvent }
  | { ok: false; code: IngestionErrorCode; message: string; issues: FieldIssue[] };

/** The envelope alone, to still name its failing fields when the type or version is unknown. */
const { version: _version, ...envelopeWithoutVersion } = envelopeFields;
const envelopeSchema = z.object(envelopeWithoutVersion);

function rejected(
  code: IngestionErrorCode,
  message: string,
  issues: FieldIssue[],
): ContactEventDecoding {
  return { ok: false, code, message, issues: capIssues(issues) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function envelopeIssues(input: Record<string, unknown>): FieldIssue[] {
  const parsed = envelopeSchema.safeParse(input);
  return parsed.success ? [] : eventFieldIssues(parsed.error.issues);
}

/**
 * Turns an untrusted request body into a ContactEvent or a rejection naming every failing field
 * (as JSON pointers). Total: whatever `input` is, it returns and never throws.
 *
 * Unknown fields are rejected, not stripped (see contactEventV1StrictSchema): at the edge a typo
 * must fail loudly. Unknown type and version get their own codes, with the envelope's issues but
 * not the payload's, which cannot be checked against a schema that does not exist. Timestamps
 * beyond the clock-skew allowance or implausibly old get their own codes when they are the only
 * problem, and are listed with the rest otherwise.
 */
export function decodeContactEvent(
  input: unknown,
  clock: Clock,
  maxFutureSkewMs: number = DEFAULT_MAX_FUTURE_SKEW_MS,
  maxAgeMs: number = DEFAULT_MAX_OCCURRED_AT_AGE_MS,
): ContactEventDecoding {
  if (!isRecord(input)) {
    return rejected(INGESTION_ERROR_CODES.invalidEvent, 'The body must be a JSON object', [
      { path: '/', code: 'invalid_type', message: 'expected a JSON object' },
    ]);
  }
  const { type, version, occurredAt } = input;
  const timing = isoTimestampSchema.safeParse(occurredAt).success
    ? timingIssue(occurredAt as string, clock, maxFutureSkewMs, maxAgeMs)
    : undefined;
  const timingIssues = timing ? [timing.issue] : [];

  if (typeof type === 'string' && !isContactEventType(type)) {
    return rejected(
      INGESTION_ERROR_CODES.unknownEventType,
      `Unknown event type "${type.slice(0, 64)}"`,
      [
        {
          path: '/type',
          code: 'unknown_event_type',
          message: `expected one of ${CONTACT_EVENT_TYPES.join(', ')}`,
        },
        ...envelopeIssues(input),
        ...timingIssues,
      ],
    );
  }
  const versions =
    typeof type === 'string' && isContactEventType(type)
      ? CONTACT_EVENT_SCHEMA_VERSIONS.get(type)
      : undefined;
  if (versions && typeof version === 'number' && !versions.includes(version)) {
    return rejected(
      INGESTION_ERROR_CODES.unsupportedVersion,
      `Version ${version} of ${String(type)} is not supported`,
      [
        {
          path: '/version',
          code: 'unsupported_version',
          message: `supported: ${versions.join(', ')}`,
        },
        ...envelopeIssues(input),
        ...timingIssues,
      ],
    );
  }

  const parsed = contactEventV1StrictSchema.safeParse(input);
  if (!parsed.success) {
    return rejected(
      INGESTION_ERROR_CODES.invalidEvent,
      'The event does not match the ContactEvent v1 contract',
      [...eventFieldIssues(parsed.error.issues), ...timingIssues],
    );
  }
  if (timing) return rejected(timing.code, timing.message, timingIssues);
  return { ok: true, event: parsed.data };
}

function timingIssue(
  occurredAt: string,
  clock: Clock,
  maxFutureSkewMs: number,
  maxAgeMs: number,
): { code: IngestionErrorCode; message: string; issue: FieldIssue } | undefined {
  const future = checkOccurredAt(occurredAt, clock, maxFutureSkewMs);
  if (future) {
    return {
      code: INGESTION_ERROR_CODES.occurredInFuture,
      message: 'occurredAt lies in the future',
      issue: future,
    };
  }
  const old = checkOccurredAtAge(occurredAt, clock, maxAgeMs);
  if (old) {
    return {
      code: INGESTION_ERROR_CODES.occurredTooLongAgo,
      message: 'occurredAt lies implausibly far in the past',
      issue: old,
    };
  }
  return undefined;
}
