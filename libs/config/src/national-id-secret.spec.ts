import { ConfigError } from './config-error';
import { DEVELOPMENT_NATIONAL_ID_HASH_SECRET, nationalIdHashSecretOf } from './national-id-secret';
import { loadServiceConfig } from './service-config';

describe('identity settings', () => {
  it('default to the development key and calling code 33 outside production', () => {
    const config = loadServiceConfig('ingestion', {});
    expect(config.identity.defaultCallingCode).toBe('33');
    expect(nationalIdHashSecretOf(config)).toBe(DEVELOPMENT_NATIONAL_ID_HASH_SECRET);
  });

  it('demand a real national-id key in production', () => {
    expect(() =>
      nationalIdHashSecretOf(loadServiceConfig('ingestion', { NODE_ENV: 'production' })),
    ).toThrow(ConfigError);
    const secret = 'k'.repeat(32);
    const config = loadServiceConfig('ingestion', {
      NODE_ENV: 'production',
      NATIONAL_ID_HASH_SECRET: secret,
    });
    expect(nationalIdHashSecretOf(config)).toBe(secret);
  });

  it('refuse short keys and malformed calling codes', () => {
    expect(() => loadServiceConfig('ingestion', { NATIONAL_ID_HASH_SECRET: 'short' })).toThrow(
      /NATIONAL_ID_HASH_SECRET/,
    );
    expect(() => loadServiceConfig('ingestion', { IDENTITY_DEFAULT_CALLING_CODE: '+33' })).toThrow(
      /IDENTITY_DEFAULT_CALLING_CODE/,
    );
  });
});
