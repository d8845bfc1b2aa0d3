import type { SegmentMembershipChangedV1 } from '@cip/contracts';
import type { CustomerProfile } from '../severity/value-profile';

/**
 * Value tier and satisfaction per customer, learnt from the membership changes of the profile
 * segments (catalog/profile-segments.ts). Postgres in the service.
 */
export interface CustomerProfiles {
  /** UNKNOWN_PROFILE's values for what is not known. */
  profileOf(customerId: string): Promise<CustomerProfile>;
  /** Batch form (one round trip); a customer missing from the map has UNKNOWN_PROFILE. */
  profilesOf?(customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerProfile>>;
  /** Applies `change` if it concerns a profile segment; idempotent and ordered by occurredAt. */
  learnFrom(change: SegmentMembershipChangedV1): Promise<void>;
}
