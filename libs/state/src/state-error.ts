import { PlatformError } from '@cip/contracts';

/** Codes: `DEPENDENCY_UNAVAILABLE` (Redis unreachable or too slow; 503 at the edge), `INVALID_KEY`, `INVALID_SCRIPT`. */
export class StateError extends PlatformError {}
