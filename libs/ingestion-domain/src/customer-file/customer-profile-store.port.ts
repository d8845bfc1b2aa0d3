import type { CustomerProfile, CustomerProfileChangedV1 } from '@cip/contracts';
import type { FieldChange } from './profile-diff';

/** A live customer's file; `version` 0 means nothing was ever written. */
export interface StoredProfile {
  customerId: string;
  status: 'prospect' | 'customer';
  version: number;
  profile: CustomerProfile;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export type ProfileLookup =
  | { kind: 'found'; stored: StoredProfile }
  | { kind: 'merged'; survivorId: string }
  | { kind: 'missing' };

/** One row of the audit trail: who changed what, when. */
export interface ProfileAuditEntry {
  customerId: string;
  version: number;
  actor: string;
  changes: FieldChange[];
  changedAt: Date;
}

export interface CustomerProfileTransaction {
  /** The customer and its file, locked until the transaction ends. */
  current(): Promise<ProfileLookup>;
  /** Writes `stored` if the file is still at `previousVersion`; false when it moved on. */
  save(stored: StoredProfile, previousVersion: number): Promise<boolean>;
  audit(entry: ProfileAuditEntry): Promise<void>;
  /** Queues the event in the outbox; it leaves only if the transaction commits. */
  enqueue(event: CustomerProfileChangedV1): Promise<void>;
}

/** The customer file (Postgres): profiles, their audit trail and the outbox, in one schema. */
export interface CustomerProfileStore {
  find(customerId: string): Promise<ProfileLookup>;
  withCustomerLocked<T>(
    customerId: string,
    work: (tx: CustomerProfileTransaction) => Promise<T>,
  ): Promise<T>;
}
