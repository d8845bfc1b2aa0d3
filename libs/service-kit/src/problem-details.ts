import type { FieldIssue } from '@cip/contracts';

/** RFC 9457 problem details body. `type` is a stable URN built from our error code. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemTypeOf(code: string): string {
  return `urn:cip:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function problem(
  status: number,
  code: string,
  title: string,
  extra: Partial<Omit<ProblemDetails, 'type' | 'status' | 'code' | 'title'>> = {},
): ProblemDetails {
  return { type: problemTypeOf(code), title, status, code, ...extra };
}
