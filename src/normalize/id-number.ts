/**
 * Resident identity card number (公民身份号码), GB 11643-1999.
 *
 * Format: 18 characters: address code (6 digits, GB/T 2260), birth date YYYYMMDD (8), sequence (3, odd
 * for men), check character (1). Check character: ISO 7064 MOD 11-2 with weights
 * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; Σ aᵢ·Wᵢ mod 11 = 0…10 selects `1 0 X 9 8 7 6 5 4 3 2`.
 * The 15-digit numbers of the earlier standard (GB 11643-1989: YYMMDD, no check character, all 19xx)
 * are upgraded to 18 characters so that both spellings of one person agree.
 */

import { daysInMonth, digitsValue } from '../record/calendar.js';

const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const MODULUS = 11;
export const ID_NUMBER_LENGTH = 18;
const BODY_LENGTH = ID_NUMBER_LENGTH - 1;
const OLD_ID_NUMBER_LENGTH = 15;
/** Position of the birth date: 0-based 6..13 (18 characters) or 6..11 (15 digits). */
const BIRTH_START = 6;
/**
 * Birth years accepted. Fixed bounds rather than "not after today" keep validation a pure function of
 * its input: the same record is valid or not on every machine and every day.
 */
const MIN_BIRTH_YEAR = 1900;
const MAX_BIRTH_YEAR = 2099;
/** Every 15-digit number was issued to someone born in the 1900s. */
const OLD_CENTURY = '19';

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** The check character for 17 digits, or null when `body17` is not 17 digits. */
export function idNumberCheckChar(body17: string): string | null {
  if (body17.length !== BODY_LENGTH || !isDigits(body17, 0, BODY_LENGTH)) return null;
  let sum = 0;
  for (let i = 0; i < BODY_LENGTH; i++) sum += (body17.charCodeAt(i) - 0x30) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % MODULUS]!;
}

/** True when YYYYMMDD at `from` is a real calendar date within the accepted years. */
export function isValidBirthDate(s: string, from: number): boolean {
  const year = digitsValue(s, from, 4);
  const month = digitsValue(s, from + 4, 2);
  const day = digitsValue(s, from + 6, 2);
  if (year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** True for an 18-character number (upper-case X) with a valid birth date and check character. */
export function isValidIdNumber(id: string): boolean {
  if (id.length !== ID_NUMBER_LENGTH || !isValidBirthDate(id, BIRTH_START)) return false;
  let sum = 0;
  for (let i = 0; i < BODY_LENGTH; i++) {
    const d = id.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    sum += d * WEIGHTS[i]!;
  }
  return CHECK_CHARS.charCodeAt(sum % MODULUS) === id.charCodeAt(BODY_LENGTH);
}

/**
 * A 15-digit GB 11643-1989 number as 18 characters (century inserted, check character computed), or
 * the input unchanged when it is not 15 digits.
 */
export function upgradeIdNumber(id: string): string {
  if (id.length !== OLD_ID_NUMBER_LENGTH || !isDigits(id, 0, OLD_ID_NUMBER_LENGTH)) return id;
  const body = id.slice(0, BIRTH_START) + OLD_CENTURY + id.slice(BIRTH_START);
  return body + idNumberCheckChar(body)!;
}
