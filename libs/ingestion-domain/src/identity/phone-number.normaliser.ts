/** Country calling code like "33" or "1": one to three digits, no leading zero. */
export const CALLING_CODE_PATTERN = /^[1-9]\d{0,2}$/;

export type PhoneNormalisation = { ok: true; e164: string } | { ok: false; reason: string };

const SEPARATORS = /[\s().\-/]/g;

/**
 * Brings a phone number to E.164 (`+` and 7 to 15 digits) without a numbering-plan database:
 * - `+33 6 12 34 56 78` and `0033 6...` are international (`00` is the ITU international prefix);
 * - anything else is national: one trunk `0` is dropped and `defaultCallingCode` is prepended
 *   (`06 12 34 56 78` with 33 → `+33612345678`).
 * It does not check that the number exists in its country's plan (that needs libphonenumber's
 * metadata); it guarantees one spelling per number so the graph matches it reliably.
 */
export function normalisePhoneNumber(raw: string, defaultCallingCode: string): PhoneNormalisation {
  const compact = raw.trim().replace(SEPARATORS, '');
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else {
    const national = compact.startsWith('0') ? compact.slice(1) : compact;
    digits = `${defaultCallingCode}${national}`;
  }
  if (!/^\d+$/.test(digits)) {
    return { ok: false, reason: 'only digits, spaces, dots, dashes, brackets and a leading +' };
  }
  if (digits.startsWith('0'))
    return { ok: false, reason: 'the country calling code cannot start with 0' };
  if (digits.length < 7 || digits.length > 15) {
    return { ok: false, reason: 'an E.164 number has 7 to 15 digits including the country code' };
  }
  return { ok: true, e164: `+${digits}` };
}
