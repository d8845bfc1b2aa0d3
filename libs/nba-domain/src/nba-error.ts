import { PlatformError } from '@cip/contracts';

export type NbaErrorCode = 'INVALID_CATALOG_ACTION' | 'NO_ELIGIBLE_ACTION';

export class NbaError extends PlatformError {
  constructor(
    code: NbaErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(code, message, details, options);
  }
}
