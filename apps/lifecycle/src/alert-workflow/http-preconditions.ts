import type { ExpectedAlertVersion } from '@cip/lifecycle-domain';

/** The ETag of an alert version: a strong validator, the version number quoted. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * If-Match → the version the client read: `*` any, a quoted number that version; a weak or
 * malformed validator can never match (RFC 9110), so it becomes -1 and the request fails with 412.
 */
export function ifMatchVersion(ifMatch: string | undefined): ExpectedAlertVersion | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  const entries = ifMatch.split(',').map((entry) => entry.trim());
  if (entries.includes('*')) return { via: 'if-match', version: 'any' };
  const versions = entries
    .map((entry) => /^"(\d{1,9})"$/.exec(entry)?.[1])
    .filter((v) => v !== undefined);
  return { via: 'if-match', version: versions.length === 1 ? Number(versions[0]) : -1 };
}
