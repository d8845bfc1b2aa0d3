/**
 * Base error with a string code that survives a process boundary (HTTP problem type,
 * dead-letter reason). Keeps the cause.
 */
export class PlatformError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The input itself is wrong; retrying cannot help (→ 4xx or straight to the dead-letter topic). */
export class InvalidInputError extends PlatformError {}
