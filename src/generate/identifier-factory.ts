import { idNumberCheckChar } from '../normalize/id-number.js';
import { USCC_ALPHABET, usccCheckChar } from '../normalize/uscc.js';
import type { Prng } from './prng.js';

/**
 * Identifiers with real check characters. The GB 32100 (unified social credit code) and GB 11643
 * (citizen identity number) check characters are normalization's, which also validates them; only
 * what normalization never needs is here:
 * - GB 11714-1997 organisation code, embedded in a USCC at positions 9-17: 8 characters with weights
 *   3 7 9 10 5 8 4 2; check = 11 − (Σ mod 11), 10 → X, 11 → 0.
 * - the USCC and ID-number layouts: registration authority and category, region, birth date, sequence
 *   (odd for men).
 */

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CODE_MODULUS = 11;

/** Registration authority 9 (market regulation) + category 1 (enterprise) or 2 (个体工商户). */
export const USCC_PREFIX_ENTERPRISE = '91';
export const USCC_PREFIX_INDIVIDUAL = '92';
/** Organisation codes issued since the 2015 reform start with MA. */
const MODERN_ORG_CODE_PREFIX = 'MA';

/** GB 11714 check character for an 8-character organisation-code body (letters count A=10 … Z=35). */
export function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < ORG_CODE_WEIGHTS.length; i++) sum += parseInt(body[i]!, 36) * ORG_CODE_WEIGHTS[i]!;
  const c = ORG_CODE_MODULUS - (sum % ORG_CODE_MODULUS);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The check character normalization computed; null would mean the generator built a malformed body. */
function checkChar(c: string | null, body: string): string {
  if (c === null) throw new Error(`identifier body ${body} is not 17 valid characters`);
  return c;
}

/** A different character from `alphabet` at `pos`: a keying error, or a deliberately bad check char. */
export function corruptChar(s: string, pos: number, alphabet: string, prng: Prng): string {
  const old = s[pos];
  let c = old;
  while (c === old) c = alphabet[prng.int(alphabet.length)]!;
  return s.slice(0, pos) + c + s.slice(pos + 1);
}

export function makeUscc(prng: Prng, prefix: string, regionCode: string): string {
  let org = MODERN_ORG_CODE_PREFIX;
  for (let i = 0; i < 6; i++) org += USCC_ALPHABET[prng.int(USCC_ALPHABET.length)]!;
  const body = prefix + regionCode + org + orgCodeCheckChar(org);
  return body + checkChar(usccCheckChar(body), body);
}

/** `yyyymmdd` is the birth date; the sex digit (17th) is odd for men. */
export function makeIdNumber(prng: Prng, regionCode: string, yyyymmdd: string, male: boolean): string {
  const sexDigit = 2 * prng.int(5) + (male ? 1 : 0);
  const body = regionCode + yyyymmdd + prng.digits(2) + String(sexDigit);
  return body + checkChar(idNumberCheckChar(body), body);
}

/** UnionPay debit-card BINs of the big retail banks (ICBC, ABC, CCB, BOC, CMB, BoCom, PSBC …). */
const DEBIT_BINS = ['622202', '622848', '621700', '621661', '622588', '622262', '621799', '623058', '622700', '621483', '622908', '621226'];
const DEBIT_CARD_LENGTH = 19;
/** Corporate settlement account lengths differ by bank (BOC 12, ABC 15, ICBC 19, CCB 20 …). */
const CORPORATE_ACCOUNT_LENGTHS = [12, 15, 17, 19, 20];

/** Luhn (ISO/IEC 7812-1) check digit of a card-number body. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Settlement account: a personal debit card for persons and 个体工商户, a corporate account for companies. */
export function makeBankAccount(prng: Prng, corporate: boolean): string {
  if (corporate) {
    const len = prng.pick(CORPORATE_ACCOUNT_LENGTHS);
    return String(1 + prng.int(9)) + prng.digits(len - 1);
  }
  const body = prng.pick(DEBIT_BINS) + prng.digits(DEBIT_CARD_LENGTH - 7);
  return body + luhnCheckDigit(body);
}

/** POS models common in Chinese acquiring (Newland, PAX, Landi, Centerm …). */
const TERMINAL_MODELS = ['N910', 'N86', 'ME31', 'A920', 'A8', 'P2', 'P3', 'K9', 'SP930', 'QM50', 'C960'];
/** Twelve random digits: about two collisions among two million terminals, like real re-flashed units. */
const TERMINAL_SERIAL_DIGITS = 12;

export function makeTerminalSerial(prng: Prng): string {
  return prng.pick(TERMINAL_MODELS) + prng.digits(TERMINAL_SERIAL_DIGITS);
}
