import type { Prng } from './prng.js';

/**
 * Chinese phone numbers and the ways people write them. Mobiles are 11 digits, 1[3-9]x, from the
 * segment prefixes the three carriers hand out; landlines are a 7- or 8-digit local number after a
 * trunk code (025, 0571); chains list a 400 hotline.
 */
export type PhoneKind = 'mobile' | 'landline' | 'hotline';

export interface PhoneNumber {
  readonly kind: PhoneKind;
  /** Trunk code with its 0 (`025`); empty for mobiles and hotlines. */
  readonly area: string;
  /** Mobile: 11 digits; landline: local number; hotline: 10 digits from 400. */
  readonly digits: string;
}

/** China Mobile, Unicom and Telecom segment prefixes still in wide use. */
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '172', '178', '182',
  '183', '184', '187', '188', '198', '130', '131', '132', '145', '155', '156', '166', '175', '176', '185', '186',
  '133', '149', '153', '173', '177', '180', '181', '189', '191', '199',
];
/** First digit of a local landline number: 0 and 1 are trunk and service prefixes. */
const LOCAL_FIRST_DIGITS = '2345678';

export function mobileNumber(prng: Prng): PhoneNumber {
  return { kind: 'mobile', area: '', digits: prng.pick(MOBILE_PREFIXES) + prng.digits(8) };
}

export function landlineNumber(prng: Prng, area: string, localDigits: number): PhoneNumber {
  return { kind: 'landline', area, digits: LOCAL_FIRST_DIGITS[prng.int(LOCAL_FIRST_DIGITS.length)]! + prng.digits(localDigits - 1) };
}

export function hotlineNumber(prng: Prng): PhoneNumber {
  return { kind: 'hotline', area: '', digits: '400' + prng.digits(7) };
}

/** Number of distinct styles `formatPhone` knows for each kind; style 0 is the most common. */
export const PHONE_STYLE_COUNT: Readonly<Record<PhoneKind, number>> = { mobile: 7, landline: 7, hotline: 3 };

/**
 * One number in one style. Mobile: 13800138000 · +86 138 0013 8000 · 0086-13800138000 · 138-0013-8000
 * · 138 0013 8000 · +8613800138000 · 86-13800138000. Landline: 025-52199123 · 52199123 (no area code,
 * as locals write it) · (025)52199123 · 025 52199123 · 02552199123 · +86-25-52199123 · 0086 25 52199123.
 */
export function formatPhone(p: PhoneNumber, style: number): string {
  const d = p.digits;
  if (p.kind === 'mobile') {
    switch (style) {
      case 1: return `+86 ${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`;
      case 2: return `0086-${d}`;
      case 3: return `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;
      case 4: return `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`;
      case 5: return `+86${d}`;
      case 6: return `86-${d}`;
      default: return d;
    }
  }
  if (p.kind === 'hotline') {
    switch (style) {
      case 1: return d;
      case 2: return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
      default: return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
    }
  }
  const trunk = p.area.slice(1);
  switch (style) {
    case 1: return d;
    case 2: return `(${p.area})${d}`;
    case 3: return `${p.area} ${d}`;
    case 4: return p.area + d;
    case 5: return `+86-${trunk}-${d}`;
    case 6: return `0086 ${trunk} ${d}`;
    default: return `${p.area}-${d}`;
  }
}

/** Several numbers are joined by `;`, as the contract says. */
export const PHONE_SEPARATOR = ';';
