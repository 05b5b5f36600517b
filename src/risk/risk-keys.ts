/**
 * The risk keys of one merchant, hashed exactly as the scan's blocking keys are (candidates/record-keys.ts:
 * `hashKey64(text, kind)` with the kind in the top bits), so a key seen online finds the merchants the
 * batch linked by it. The batch takes the five identifier kinds from the scan's own key partitions and
 * only computes the person key itself (risk-links.ts); the online check calls `riskKeysOf`.
 */
import { hashKey64 } from '../candidates/key-hash.js';
import { KeyKind, withKind, type KeyKind as KeyKindType } from '../candidates/key-kinds.js';
import { fmix32 } from '../sketch/shingles.js';
import { fieldHash } from '../store/append-merchant.js';
import { PERSON_KEY_KIND } from './risk-key-kinds.js';

/** Position and length of the birth date (YYYYMMDD) in an 18-character resident id (GB 11643). */
const BIRTH_START = 6;
const BIRTH_LENGTH = 8;

/** What risk keys are made of: normalized fields, '' (or empty lists) when missing or invalid. */
export interface RiskKeySource {
  /** Valid uscc only. */
  uscc: string;
  /** Valid resident id only. */
  idNumber: string;
  bankAccount: string;
  /** Mobiles and landline local numbers (no 400/800 hotlines: a chain shares them by design). */
  phones: readonly string[];
  terminals: readonly string[];
  legalPerson: string;
}

export interface RiskKey {
  kind: number;
  /** The 64-bit key hash as two words, the kind in the top 4 bits of `hi`. */
  hi: number;
  lo: number;
  /** The key text (unmasked: for matching only, mask it before showing it; see mask-key.ts). */
  value: string;
}

/** `name|yyyymmdd` for a legal person with a valid resident id, else ''. */
export function personKeyText(legalPerson: string, idNumber: string): string {
  if (legalPerson === '' || idNumber.length < BIRTH_START + BIRTH_LENGTH) return '';
  return legalPerson + '|' + idNumber.slice(BIRTH_START, BIRTH_START + BIRTH_LENGTH);
}

/** Odd multipliers (golden ratio, Murmur3's c1) that spread the two inputs over both words. */
const MIX_A = 0x9e3779b1;
const MIX_B = 0xcc9e2d51;

/**
 * The person key from the store's legal-person hash (store/append-merchant.ts, fieldHash) and the birth
 * date as the number yyyymmdd: the batch computes it from numbers and eight digits of the id, without
 * building a string per record. 32 bits of name and the full date: two different names collide only if
 * their hashes and birthdays both agree (about N²/2^32/15,000 pairs: none in practice).
 */
export function personKeyHash(nameHash: number, birth: number, out: Uint32Array): void {
  out[0] = withKind(PERSON_KEY_KIND as KeyKindType, fmix32(nameHash ^ Math.imul(birth, MIX_A)));
  out[1] = fmix32(Math.imul(nameHash, MIX_B) ^ birth);
}

const scratch = new Uint32Array(2);

export function riskKeyOf(kind: number, value: string): RiskKey {
  if (kind === PERSON_KEY_KIND) {
    const bar = value.lastIndexOf('|');
    personKeyHash(fieldHash(value.slice(0, bar)), Number(value.slice(bar + 1)), scratch);
    return { kind, hi: scratch[0]!, lo: scratch[1]!, value };
  }
  hashKey64(value, kind, scratch, 0);
  return { kind, hi: withKind(kind as KeyKindType, scratch[0]!), lo: scratch[1]!, value };
}

/** Every risk key of a merchant, in a fixed order: id, person, account, phones, terminals, uscc. */
export function riskKeysOf(src: RiskKeySource): RiskKey[] {
  const keys: RiskKey[] = [];
  if (src.idNumber !== '') keys.push(riskKeyOf(KeyKind.IdNumber, src.idNumber));
  const person = personKeyText(src.legalPerson, src.idNumber);
  if (person !== '') keys.push(riskKeyOf(PERSON_KEY_KIND, person));
  if (src.bankAccount !== '') keys.push(riskKeyOf(KeyKind.BankAccount, src.bankAccount));
  for (const p of src.phones) keys.push(riskKeyOf(KeyKind.Phone, p));
  for (const t of src.terminals) keys.push(riskKeyOf(KeyKind.Terminal, t));
  if (src.uscc !== '') keys.push(riskKeyOf(KeyKind.Uscc, src.uscc));
  return keys;
}

/** A key as one string (`hi:lo` in hex), for maps keyed by key. */
export function riskKeyId(hi: number, lo: number): string {
  return (hi >>> 0).toString(16) + ':' + (lo >>> 0).toString(16);
}
