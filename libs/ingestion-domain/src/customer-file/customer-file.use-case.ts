import { randomUUID } from 'node:crypto';
import {
  CUSTOMER_PROFILE_CHANGED,
  customerIdSchema,
  customerProfileSchema,
  InvalidInputError,
  PlatformError,
  toFieldIssues,
  type CustomerProfile,
  type CustomerProfileChangedV1,
  type FieldIssue,
} from '@cip/contracts';
import type { Clock } from '../clock';
import type { OutboxNotifier } from '../identity/identity-graph.port';
import { normalisePhoneNumber } from '../identity/phone-number.normaliser';
import type { ResolveCustomer } from '../identity/resolve-customer.use-case';
import { IDENTITY_ERROR_CODES } from '../identity/identity-error-codes';
import type { CustomerProfileStore, StoredProfile } from './customer-profile-store.port';
import { applyMergePatch, type Json } from './json-merge-patch';
import { diffProfiles } from './profile-diff';

/** `any`: If-Match `*` (the file must exist); a number: that version exactly. */
export type ExpectedVersion = number | 'any' | undefined;

export interface ProfileChangeRequest {
  customerId: string;
  mode: 'replace' | 'merge-patch';
  body: unknown;
  expectedVersion: ExpectedVersion;
  actor: string;
}

/** A merged id answers with its survivor (the HTTP edge turns it into a 308). */
export type ProfileResult =
  | { kind: 'profile'; stored: StoredProfile; changed: boolean }
  | { kind: 'merged'; survivorId: string };

export interface CustomerFileDependencies {
  store: CustomerProfileStore;
  resolveCustomer: ResolveCustomer;
  defaultCallingCode: string;
  outbox: OutboxNotifier;
  clock: Clock;
  eventIds?: () => string;
}

const EVENT_SOURCE = 'ingestion.customer-file';

/**
 * Reads and changes customer files. A change runs in one transaction with the customer row
 * locked: version check (optimistic concurrency, If-Match), validation, the new version, an audit
 * row and a customer-profile-changed event in the outbox. A change that changes nothing writes
 * nothing. PUT on an id never seen registers it as a customer first (like an event would).
 */
export class CustomerFile {
  private readonly eventIds: () => string;

  constructor(private readonly deps: CustomerFileDependencies) {
    this.eventIds = deps.eventIds ?? randomUUID;
  }

  async get(customerId: string): Promise<ProfileResult> {
    const lookup = await this.deps.store.find(checkedId(customerId));
    switch (lookup.kind) {
      case 'found':
        return { kind: 'profile', stored: lookup.stored, changed: false };
      case 'merged':
        return { kind: 'merged', survivorId: lookup.survivorId };
      case 'missing':
        throw notFound(customerId);
    }
  }

  async change(request: ProfileChangeRequest): Promise<ProfileResult> {
    const customerId = checkedId(request.customerId);
    if (!isJsonObject(request.body)) {
      throw invalidProfile([
        { path: '/', code: 'invalid_type', message: 'expected a JSON object' },
      ]);
    }
    const body = request.body;
    if (request.mode === 'replace') {
      // Validate before registering an unknown id, so a bad PUT leaves no trace.
      this.validated(body);
      if ((await this.deps.store.find(customerId)).kind === 'missing') {
        await this.deps.resolveCustomer.resolve([{ kind: 'customerId', value: customerId }], {
          source: EVENT_SOURCE,
        });
      }
    }
    const result = await this.deps.store.withCustomerLocked(customerId, async (tx) => {
      const current = await tx.current();
      if (current.kind === 'merged') return current;
      if (current.kind === 'missing') throw notFound(customerId);
      const { stored } = current;
      checkVersion(request.expectedVersion, stored);
      const next = this.validated(
        request.mode === 'replace' ? body : applyMergePatch(stored.profile as Json, body),
      );
      const changes = diffProfiles(stored.profile as Json, next as Json);
      if (changes.length === 0) return { kind: 'profile' as const, stored, changed: false };

      const now = this.deps.clock.now();
      const saved: StoredProfile = {
        ...stored,
        version: stored.version + 1,
        profile: next,
        updatedAt: now,
        updatedBy: request.actor,
      };
      if (!(await tx.save(saved, stored.version))) throw versionMismatch(customerId);
      await tx.audit({
        customerId,
        version: saved.version,
        actor: request.actor,
        changes,
        changedAt: now,
      });
      await tx.enqueue(this.changedEvent(saved, changes, request.actor));
      return { kind: 'profile' as const, stored: saved, changed: true };
    });
    if (result.kind === 'profile' && result.changed) this.deps.outbox.notify();
    return result;
  }

  /** Normalises contact details like identifiers (E.164, lower-case e-mail), then validates. */
  private validated(candidate: Json): CustomerProfile {
    const normalised = normaliseContact(candidate, this.deps.defaultCallingCode);
    const parsed = customerProfileSchema.safeParse(normalised);
    if (!parsed.success) throw invalidProfile(toFieldIssues(parsed.error));
    return parsed.data;
  }

  private changedEvent(
    saved: StoredProfile,
    changes: ReturnType<typeof diffProfiles>,
    actor: string,
  ): CustomerProfileChangedV1 {
    return {
      eventId: `profile-${this.eventIds()}`,
      type: CUSTOMER_PROFILE_CHANGED,
      version: 1,
      occurredAt: (saved.updatedAt ?? this.deps.clock.now()).toISOString(),
      customerId: saved.customerId,
      source: EVENT_SOURCE,
      payload: {
        profileVersion: saved.version,
        changes,
        changedBy: { actor, via: 'api' },
      },
    };
  }
}

function normaliseContact(candidate: Json, defaultCallingCode: string): Json {
  if (!isJsonObject(candidate) || !isJsonObject(candidate['contact'])) return candidate;
  const contact = { ...candidate['contact'] };
  if (typeof contact['email'] === 'string')
    contact['email'] = contact['email'].trim().toLowerCase();
  if (typeof contact['phone'] === 'string') {
    const phone = normalisePhoneNumber(contact['phone'], defaultCallingCode);
    // An unusable number stays as sent: the schema then names /contact/phone.
    if (phone.ok) contact['phone'] = phone.e164;
  }
  return { ...candidate, contact };
}

function checkVersion(expected: ExpectedVersion, stored: StoredProfile): void {
  if (expected === undefined || expected === 'any') return;
  if (expected !== stored.version) throw versionMismatch(stored.customerId);
}

function checkedId(customerId: string): string {
  if (!customerIdSchema.safeParse(customerId).success) throw notFound(customerId);
  return customerId;
}

function isJsonObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notFound(customerId: string): PlatformError {
  return new PlatformError(
    IDENTITY_ERROR_CODES.customerNotFound,
    `No customer with id ${customerId.slice(0, 64)}`,
  );
}

function versionMismatch(customerId: string): PlatformError {
  return new PlatformError(
    IDENTITY_ERROR_CODES.profileVersionMismatch,
    `The file of ${customerId} changed since the version given in If-Match; read it again`,
  );
}

function invalidProfile(issues: FieldIssue[]): InvalidInputError {
  return new InvalidInputError(
    IDENTITY_ERROR_CODES.invalidProfile,
    'The customer profile is invalid',
    {
      issues,
    },
  );
}
