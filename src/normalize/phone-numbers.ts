/**
 * Chinese phone numbers as written in merchant registrations: `13812345678`, `+86 138-1234-5678`,
 * `0571-82871598`, `(0571)82871598`, `82871598`, `0571 8287 1598 转 123`, several joined by `;`, `,`, `/`
 * or spaces.
 *
 * Numbering plan (MIIT): mobiles are 11 digits starting 1[3-9]; fixed lines are a trunk `0` plus a
 * 2-digit (010, 02x) or 3-digit area code, then a 7–8 digit local number that never starts with 0 or 1.
 * The local number is kept apart from the area code so that `82871598` and `0571-82871598` agree.
 * Extensions are dropped from fixed lines (`82871598-123` is the switchboard 82871598). 400/800 service
 * numbers and 5–6 digit hotlines (95588) are shared by whole chains: kept apart, as weak evidence, and a
 * 400 number keeps its extension (`4000303096-08882`), because platforms hand out one virtual extension
 * per shop on a shared 400 trunk — real data has a dozen shops on 4000303096 told apart only by it.
 */
import { foldText } from './normalize-text.js';

/** Normalized numbers of one phone field, each list without repeats, in input order. */
export interface PhoneNumbers {
  /** 11-digit mobile numbers, no country code. */
  readonly mobiles: readonly string[];
  /** Local parts of fixed-line numbers (7–8 digits). */
  readonly landlines: readonly string[];
  /** Area code of each entry of `landlines` with its trunk 0 (`0571`), or '' when not written. */
  readonly landlineAreaCodes: readonly string[];
  /** 400/800 numbers (with their extension, `4000303096-08882`) and short hotlines: weak evidence. */
  readonly serviceNumbers: readonly string[];
}

/** Shared by every record without a usable number (half of real data): frozen, never mutated. */
const NONE: readonly string[] = Object.freeze([]);
const EMPTY: PhoneNumbers = Object.freeze({ mobiles: NONE, landlines: NONE, landlineAreaCodes: NONE, serviceNumbers: NONE });

/** Separators between whole numbers (after folding: ， ； 、 → `,`). */
const NUMBER_SEPARATORS = /[,/|]|或|及/;
/** Anything that is not a digit splits a number into groups: `0571-8287 1598`, `(0571)82871598`. */
const NON_DIGITS = /\D+/;
const MOBILE = /^1[3-9]\d{9}$/;
const LOCAL = /^[2-9]\d{6,7}$/;
const SERVICE = /^(?:400|800)\d{7}$/;
const HOTLINE = /^(?:95|96|10|12)\d{3,4}$/;
const COUNTRY_CODE = '86';
const INTERNATIONAL_PREFIX = '0086';
/** Area codes 010 and 020–029 have two digits after the trunk 0; all others have three. */
const SHORT_AREA_SECOND_DIGITS = '12';
/** The shortest group that can stand alone as a number (a 7-digit local number). */
const MIN_STANDALONE_DIGITS = 7;

type Kind = 'mobile' | 'landline' | 'service' | null;

interface Parsed {
  area: string;
  local: string;
}

/** Classify a digit string, writing the area code (landlines) and the number itself into `out`. */
function classify(digits: string, out: Parsed): Kind {
  let d = digits;
  if (d.startsWith(INTERNATIONAL_PREFIX)) d = d.slice(INTERNATIONAL_PREFIX.length);
  else if (d.startsWith(COUNTRY_CODE) && d.length >= 12) {
    // +86 then a mobile, or an area code written without its trunk 0 (+86 571 82871598).
    d = d.slice(COUNTRY_CODE.length);
    if (!MOBILE.test(d)) d = '0' + d;
  }
  if (MOBILE.test(d)) {
    out.local = d;
    return 'mobile';
  }
  if (d.length === 12 && d[0] === '0' && MOBILE.test(d.slice(1))) {
    out.local = d.slice(1); // a mobile dialled with a trunk 0 from another city
    return 'mobile';
  }
  if (d[0] === '0') {
    const areaLength = SHORT_AREA_SECOND_DIGITS.includes(d[1] ?? '') ? 3 : 4;
    const local = d.slice(areaLength);
    if (!LOCAL.test(local)) return null;
    out.area = d.slice(0, areaLength);
    out.local = local;
    return 'landline';
  }
  if (LOCAL.test(d)) {
    out.area = '';
    out.local = d;
    return 'landline';
  }
  if (SERVICE.test(d) || HOTLINE.test(d)) {
    out.local = d;
    return 'service';
  }
  return null;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const completeScratch: Parsed = { area: '', local: '' };

/** True when a digit string is already a whole number on its own. */
function isComplete(digits: string): boolean {
  return classify(digits, completeScratch) !== null;
}

/**
 * Digit groups → whole numbers: groups are joined until they form a number (`0571` + `8287` + `1598`);
 * a short group after a whole number is its extension (`82871598-123`, `转 123`).
 */
function groupNumbers(part: string, sink: (digits: string, extension: string) => void): void {
  let current = '';
  let extension = '';
  for (const group of part.split(NON_DIGITS)) {
    if (group === '') continue;
    if (current === '') current = group;
    else if (!isComplete(current)) current += group;
    else if (group.length >= MIN_STANDALONE_DIGITS || isComplete(group)) {
      sink(current, extension);
      current = group;
      extension = '';
    } else if (extension === '') extension = group;
  }
  if (current !== '') sink(current, extension);
}

/** Parse a phone field into normalized numbers; invalid pieces are dropped. */
export function parsePhones(raw: string | null | undefined): PhoneNumbers {
  if (raw == null || raw === '') return EMPTY;
  const mobiles: string[] = [];
  const landlines: string[] = [];
  const landlineAreaCodes: string[] = [];
  const serviceNumbers: string[] = [];
  const scratch: Parsed = { area: '', local: '' };
  const add = (digits: string, extension: string): void => {
    const kind = classify(digits, scratch);
    if (kind === 'mobile') {
      if (!mobiles.includes(scratch.local)) mobiles.push(scratch.local);
    } else if (kind === 'landline') {
      const at = landlines.indexOf(scratch.local);
      if (at < 0) {
        landlines.push(scratch.local);
        landlineAreaCodes.push(scratch.area);
      } else if (landlineAreaCodes[at] === '') landlineAreaCodes[at] = scratch.area;
    } else if (kind === 'service') {
      const number = extension !== '' && SERVICE.test(scratch.local) ? `${scratch.local}-${extension}` : scratch.local;
      if (!serviceNumbers.includes(number)) serviceNumbers.push(number);
    }
  };
  // Most fields are one bare number: classify it without folding and splitting.
  if (isDigits(raw)) add(raw, '');
  else for (const part of foldText(raw).split(NUMBER_SEPARATORS)) groupNumbers(part, add);
  if (mobiles.length + landlines.length + serviceNumbers.length === 0) return EMPTY;
  return {
    mobiles: mobiles.length > 0 ? mobiles : NONE,
    landlines: landlines.length > 0 ? landlines : NONE,
    landlineAreaCodes: landlineAreaCodes.length > 0 ? landlineAreaCodes : NONE,
    serviceNumbers: serviceNumbers.length > 0 ? serviceNumbers : NONE,
  };
}
