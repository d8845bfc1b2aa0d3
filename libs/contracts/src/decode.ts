import type { z } from 'zod';

export interface FieldIssue {
  /** JSON pointer style path, e.g. `/payload/amount`. */
  path: string;
  code: string;
  message: string;
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: '/' + issue.path.map(String).join('/'),
    code: issue.code,
    message: issue.message,
  }));
}

export function decodeWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): DecodeResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: toFieldIssues(parsed.error) };
}

/** Parses a Kafka message value (bytes) as JSON, reporting malformed JSON as an issue. */
export function decodeJsonWith<S extends z.ZodType>(
  schema: S,
  raw: Buffer | string | null,
): DecodeResult<z.output<S>> {
  if (raw === null)
    return { ok: false, issues: [{ path: '/', code: 'empty', message: 'message has no value' }] };
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: '/', code: 'invalid_json', message: (error as Error).message }],
    };
  }
  return decodeWith(schema, json);
}
