import { PlatformError } from '@cip/contracts';

/**
 * Long enough for a validation summary, short enough that a huge message stays out of headers
 * and log lines.
 */
export const MAX_DEAD_LETTER_REASON_CHARS = 1_000;

/** The string code that survives the process boundary: PlatformError's code, else the error name. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof PlatformError) return error.code;
  if (error instanceof Error) return error.name || 'Error';
  return 'UNKNOWN';
}

/** One line of human-readable reason; newlines would make headers awkward in every tool. */
export function errorReasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const oneLine = text.replace(/\s+/g, ' ').trim() || 'no message';
  return oneLine.length > MAX_DEAD_LETTER_REASON_CHARS
    ? `${oneLine.slice(0, MAX_DEAD_LETTER_REASON_CHARS - 1)}…`
    : oneLine;
}
