import { createHmac } from 'node:crypto';
import {
  customerIdSchema,
  identifiersInputSchema,
  toFieldIssues,
  type FieldIssue,
  type IdentifierKind,
  type IdentifiersInput,
} from '@cip/contracts';
import type { Identifier } from './identifier';
import { canonicalIdentifiers } from './identifier';
import { normalisePhoneNumber } from './phone-number.normaliser';

export interface IdentifierNormaliserSettings {
  /** Prepended to national phone numbers (no `+`), e.g. "33". */
  defaultCallingCode: string;
  /** Key of the HMAC-SHA256 that national ids are stored as. Rotating it orphans stored hashes. */
  nationalIdHashSecret: string;
}

export type IdentifierNormalisation =
  { ok: true; identifiers: Identifier[] } | { ok: false; issues: FieldIssue[] };

type Normalised = { ok: true; value: string } | { ok: false; reason: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const OPAQUE = /^[A-Za-z0-9._:\-]+$/;

/**
 * Turns identifiers as sent by callers into the one spelling the graph stores, naming each field
 * that cannot be normalised (`/identifiers/phone`, under `pathPrefix`).
 *
 * E-mail is trimmed and lower-cased only: provider tricks (Gmail ignores dots and `+tags`) are
 * provider-specific and wrongly merging two people costs more than missing one match.
 */
export class IdentifierNormaliser {
  constructor(private readonly settings: IdentifierNormaliserSettings) {}

  normalise(input: unknown, pathPrefix = '/identifiers'): IdentifierNormalisation {
    const parsed = identifiersInputSchema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        issues: toFieldIssues(parsed.error).map((issue) => ({
          ...issue,
          path: issue.path === '/' ? pathPrefix : `${pathPrefix}${issue.path}`,
        })),
      };
    }
    const identifiers: Identifier[] = [];
    const issues: FieldIssue[] = [];
    for (const [kind, raw] of Object.entries(parsed.data) as [keyof IdentifiersInput, string][]) {
      const result = this.normaliseOne(kind, raw);
      if (result.ok) identifiers.push({ kind, value: result.value });
      else
        issues.push({
          path: `${pathPrefix}/${kind}`,
          code: 'invalid_identifier',
          message: result.reason,
        });
    }
    return issues.length > 0
      ? { ok: false, issues }
      : { ok: true, identifiers: canonicalIdentifiers(identifiers) };
  }

  /** The keyed hash a national id is stored and matched as. */
  hashNationalId(raw: string): Normalised {
    const compact = raw.replace(/[\s.\-/]/g, '').toUpperCase();
    if (!/^[A-Z0-9]{4,32}$/.test(compact)) {
      return { ok: false, reason: '4 to 32 letters or digits (spaces, dots, dashes ignored)' };
    }
    const digest = createHmac('sha256', this.settings.nationalIdHashSecret)
      .update(compact)
      .digest('hex');
    return { ok: true, value: `hmac-sha256:${digest}` };
  }

  private normaliseOne(kind: IdentifierKind, raw: string): Normalised {
    const trimmed = raw.trim();
    switch (kind) {
      case 'customerId': {
        const id = customerIdSchema.safeParse(trimmed);
        return id.success
          ? { ok: true, value: id.data }
          : { ok: false, reason: 'letters, digits and . _ : - only, at most 64' };
      }
      case 'accountNumber': {
        // Account numbers are printed in groups ("FR76 3000 ..."); case carries no meaning.
        const compact = trimmed.replace(/[\s-]/g, '').toUpperCase();
        return /^[A-Z0-9._:]{1,64}$/.test(compact)
          ? { ok: true, value: compact }
          : {
              ok: false,
              reason: 'letters, digits and . _ : only (spaces and dashes ignored), at most 64',
            };
      }
      case 'phone': {
        const phone = normalisePhoneNumber(trimmed, this.settings.defaultCallingCode);
        return phone.ok ? { ok: true, value: phone.e164 } : phone;
      }
      case 'email': {
        const email = trimmed.toLowerCase();
        return email.length <= 254 && EMAIL.test(email)
          ? { ok: true, value: email }
          : { ok: false, reason: 'an e-mail address like name@example.com' };
      }
      case 'deviceId':
        // Opaque to us (advertising ids, push tokens): only trimmed, case kept.
        return trimmed.length <= 200 && OPAQUE.test(trimmed)
          ? { ok: true, value: trimmed }
          : { ok: false, reason: 'letters, digits and . _ : - only, at most 200' };
      case 'nationalId':
        return this.hashNationalId(trimmed);
    }
  }
}
