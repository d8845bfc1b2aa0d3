import { ConfigError } from './config-error';
import type { ServiceConfig } from './service-config';

/**
 * Outside production a fixed key keeps local runs and tests reproducible. In production a real
 * one is required: hashes under a known key are reversible by brute force over the small space
 * of national ids.
 */
export const DEVELOPMENT_NATIONAL_ID_HASH_SECRET = 'development-only-national-id-hash-key';

/** The key national ids are hashed with; refuses the development key in production. */
export function nationalIdHashSecretOf(
  config: Pick<ServiceConfig, 'environment' | 'identity'>,
): string {
  if (
    config.environment === 'production' &&
    config.identity.nationalIdHashSecret === DEVELOPMENT_NATIONAL_ID_HASH_SECRET
  ) {
    throw new ConfigError(['NATIONAL_ID_HASH_SECRET: required when NODE_ENV=production']);
  }
  return config.identity.nationalIdHashSecret;
}
