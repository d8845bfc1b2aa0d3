import { PlatformError } from '@cip/contracts';

/** Raised at start-up when the environment does not describe a runnable service. */
export class ConfigError extends PlatformError {
  constructor(readonly problems: string[]) {
    super(
      'INVALID_CONFIG',
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}
