/**
 * Code-like fields: identifiers, account and serial numbers, MCC, channel codes. These compare exactly,
 * so normalising them means removing what people add while typing (spaces, dashes, full-width forms,
 * lower case), never guessing (an O is not turned into a 0).
 */

/** Code units typed as separators inside codes: spaces (also U+3000) and dashes. */
const CODE_SEPARATORS = /[\s\-_.\u2010-\u2015\u2212\u30fc\uff0d]+/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** True when `s` is only 0-9 and A-Z: already clean (the common case, checked without a regex). */
function isPlainCode(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a))) return false;
  }
  return true;
}

/** Upper-case, half-width, without spaces and dashes: `9135 0100-m000 100y43` → `91350100M000100Y43`. */
export function cleanCode(raw: string | null | undefined): string {
  if (raw == null) return '';
  if (isPlainCode(raw)) return raw;
  const halfWidth = NON_ASCII.test(raw) ? raw.normalize('NFKC') : raw;
  return halfWidth.replace(CODE_SEPARATORS, '').toUpperCase();
}

/** Settlement account numbers are 12 to 30 digits (bank cards 16–19, corporate accounts up to 30). */
const MIN_ACCOUNT_DIGITS = 12;
const MAX_ACCOUNT_DIGITS = 30;
const DIGITS_ONLY = /^\d+$/;

/** Digits of a bank account, or '' when it is not 12–30 digits once spaces and dashes are gone. */
export function normalizeBankAccount(raw: string | null | undefined): string {
  const digits = cleanCode(raw);
  return digits.length >= MIN_ACCOUNT_DIGITS && digits.length <= MAX_ACCOUNT_DIGITS && DIGITS_ONLY.test(digits)
    ? digits
    : '';
}

const NO_SERIALS: readonly string[] = Object.freeze([]);

/** Terminal serial numbers, cleaned, without empties and repeats, in input order (shared frozen [] when none). */
export function normalizeTerminalSerials(raw: readonly string[] | null | undefined): readonly string[] {
  if (!raw || raw.length === 0) return NO_SERIALS;
  const out: string[] = [];
  for (const sn of raw) {
    const clean = cleanCode(sn);
    if (clean !== '' && !out.includes(clean)) out.push(clean);
  }
  return out.length > 0 ? out : NO_SERIALS;
}

const MCC = /^\d{4}$/;

/** A 4-digit merchant category code (ISO 18245), or null. */
export function normalizeMcc(raw: string | null | undefined): string | null {
  const code = cleanCode(raw);
  return MCC.test(code) ? code : null;
}
