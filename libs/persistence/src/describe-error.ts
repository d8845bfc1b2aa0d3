/** One readable line for a driver error (pg's ECONNREFUSED comes as an AggregateError with no message). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return describeError(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') return error.message || error.name;
    return error.message && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message || code;
  }
  return String(error);
}
