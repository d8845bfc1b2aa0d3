import { InvalidInputError } from '@cip/contracts';
import type { ExpectedVersion } from '@cip/ingestion-domain';
import type { Principal } from '@cip/service-kit';

/** The ETag of a profile version: a strong validator, the version number quoted. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * If-Match → the version the client read. `*` means "any existing version"; a list matches if
 * one entry does, which with a single current version means: take the entry naming a version.
 * Weak validators (`W/"3"`) are refused by RFC 9110 for If-Match, so they never match (-1).
 */
export function expectedVersionOf(ifMatch: string | undefined): ExpectedVersion {
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  const entries = ifMatch.split(',').map((entry) => entry.trim());
  if (entries.includes('*')) return 'any';
  const versions = entries
    .map((entry) => /^"(\d{1,9})"$/.exec(entry)?.[1])
    .filter((v) => v !== undefined);
  return versions.length === 1 ? Number(versions[0]) : -1;
}

const ACTOR = /^[\w .@:/-]{1,128}$/;

/**
 * Who makes the change, for the audit trail. The API key names the calling system and cannot be
 * forged; `x-actor` (e.g. the agent at the desk) only refines it: `call-center/agent-17`.
 * Without a key (development only) the header alone, or `anonymous`.
 */
export function actorOf(principal: Principal, header: string | undefined): string {
  const actor = header?.trim();
  const system = principal.keyId === null ? undefined : principal.sourceSystem;
  if (actor === undefined || actor === '') return system ?? 'anonymous';
  if (!ACTOR.test(actor)) {
    throw new InvalidInputError(
      'INVALID_ACTOR',
      'x-actor must be 1 to 128 letters, digits, spaces or . @ : / - _',
      {
        issues: [
          {
            path: '/headers/x-actor',
            code: 'invalid_format',
            message: 'letters, digits, spaces, . @ : / - _',
          },
        ],
      },
    );
  }
  return system === undefined ? actor : `${system}/${actor}`;
}
