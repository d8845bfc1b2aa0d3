/** Codes of the identity graph and customer file; mapped to HTTP statuses by the app. */
export const IDENTITY_ERROR_CODES = {
  invalidIdentifiers: 'INVALID_IDENTIFIERS',
  customerNotFound: 'CUSTOMER_NOT_FOUND',
  invalidProfile: 'INVALID_PROFILE',
  profileVersionMismatch: 'PROFILE_VERSION_MISMATCH',
  identityContention: 'IDENTITY_CONTENTION',
  identityOverloaded: 'IDENTITY_OVERLOADED',
} as const;

export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[keyof typeof IDENTITY_ERROR_CODES];
