import { PlatformError } from '@cip/contracts';

/** Error codes of the lifecycle domain; they survive the process boundary as strings. */
export type LifecycleErrorCode = 'INVALID_TRIGGER_DEFINITION';

export class LifecycleError extends PlatformError {
  constructor(
    code: LifecycleErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(code, message, details, options);
  }
}
