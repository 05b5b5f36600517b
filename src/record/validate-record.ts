/**
 * Checks one input record against the contract (docs: "The merchant record") and builds the
 * `MerchantRecord` the rest of the engine reads, or says which field broke the contract and why.
 *
 * Both readers end here: NDJSON hands over the parsed JSON object, CSV a row of strings. Everything is
 * lenient where real exports commonly differ from the contract and the meaning is unambiguous (numeric
 * ids and MCCs, numeric strings for coordinates, `;`-joined terminal serials, surrounding whitespace),
 * and strict where guessing would corrupt data (a JSON number where a phone or account is expected may
 * already have lost digits, so it is rejected rather than stringified).
 *
 * Lengths are counted in UTF-16 code units (`String.length`): every CJK character of the BMP counts one.
 */
import { DedupError } from '../errors.js';
import { COORD_SYSTEMS, MERCHANT_FIELDS, type MerchantField, type MerchantRecord } from './merchant-record.js';

/** Longest merchant_id: generous for any real id scheme, small enough to keep id tables compact. */
export const MAX_ID_LENGTH = 64;
/** Longest name: registered names are under 60 characters; longer is a concatenation or garbage. */
export const MAX_NAME_LENGTH = 200;
/** Longest address: a full address with division, street, building and room is under 120 characters. */
export const MAX_ADDRESS_LENGTH = 500;
/** Longest value of any other string field, and of one terminal serial. */
export const MAX_STRING_LENGTH = 200;
/** Most terminal serials on one merchant: large chains bind dozens; hundreds signal a data error. */
export const MAX_TERMINAL_SNS = 64;
/** Separator of terminal serials in a CSV cell (and tolerated in an NDJSON string). */
export const TERMINAL_SN_SEPARATOR = ';';

/** Latitude and longitude bounds of WGS84 (and of gcj02/bd09, which are small offsets of it). */
const MAX_ABS_LAT = 90;
const MAX_ABS_LNG = 180;
/** An MCC is four digits; a JSON number loses the leading zero of codes such as 0742. */
const MCC_DIGITS = 4;
const MAX_MCC = 9999;

/**
 * Input column names for contract fields that the input calls differently, e.g. `{ name: 'shop_name' }`.
 * An unmapped field is read from the column named like the field.
 */
export type ColumnMap = Partial<Record<MerchantField, string>>;

/** Why a record was refused. `field` is null when the record as a whole is wrong (not an object). */
export interface RecordRejection {
  readonly rejected: true;
  readonly field: MerchantField | null;
  /** Starts with the field name: `name: expected a string, got number`. */
  readonly reason: string;
  /** The record's id when it could be read, so a reject can be traced back. */
  readonly merchant_id: string | null;
}

export function isRejection(r: MerchantRecord | RecordRejection): r is RecordRejection {
  return (r as RecordRejection).rejected === true;
}

const columnKeysCache = new WeakMap<ColumnMap, readonly string[]>();

/**
 * The input column name of every contract field, in `MERCHANT_FIELDS` order. Validates the map once:
 * throws DedupError('E_BAD_ARGS') for a key that is not a contract field or an empty column name.
 */
export function columnKeys(columnMap?: ColumnMap): readonly string[] {
  if (columnMap === undefined) return MERCHANT_FIELDS;
  const cached = columnKeysCache.get(columnMap);
  if (cached !== undefined) return cached;
  const known = new Set<string>(MERCHANT_FIELDS);
  for (const [field, column] of Object.entries(columnMap)) {
    if (!known.has(field)) {
      throw new DedupError(
        'E_BAD_ARGS',
        `column mapping: "${field}" is not a contract field; map one of ${MERCHANT_FIELDS.join(', ')}`,
        { field },
      );
    }
    if (column !== undefined && (typeof column !== 'string' || column.trim() === '')) {
      throw new DedupError('E_BAD_ARGS', `column mapping: ${field} must name a non-empty input column`, { field });
    }
  }
  const keys = MERCHANT_FIELDS.map((f) => columnMap[f]?.trim() ?? f);
  columnKeysCache.set(columnMap, keys);
  return keys;
}

/**
 * Validates a record given as an object (a parsed NDJSON line, or any object keyed by column name).
 * Unknown extra fields are ignored.
 */
export function validateRecord(raw: unknown, columnMap?: ColumnMap): MerchantRecord | RecordRejection {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { rejected: true, field: null, reason: `record: expected an object, got ${typeName(raw)}`, merchant_id: null };
  }
  const keys = columnKeys(columnMap);
  const obj = raw as Record<string, unknown>;
  for (let i = 0; i < FIELD_COUNT; i++) scratch[i] = obj[keys[i]!];
  return validateValues(scratch);
}

const FIELD_COUNT = MERCHANT_FIELDS.length;
/** Reused value slots: validation is single-threaded per isolate and never re-entrant. */
const scratch: unknown[] = new Array<unknown>(FIELD_COUNT).fill(undefined);

/**
 * Validates the values of one record given in `MERCHANT_FIELDS` order (undefined = absent). This is the
 * core both readers share: CSV fills the slots from its columns without building an object per row.
 */
export function validateValues(v: ArrayLike<unknown>): MerchantRecord | RecordRejection {
  const merchant_id = requiredId(v[0]);
  if (merchant_id === FAIL) return rejection(null);
  const name = requiredString(v[1], 'name', MAX_NAME_LENGTH);
  if (name === FAIL) return rejection(merchant_id);
  const uscc = optionalString(v[2], 'uscc', MAX_STRING_LENGTH);
  if (uscc === FAIL) return rejection(merchant_id);
  const legal_person = optionalString(v[3], 'legal_person', MAX_STRING_LENGTH);
  if (legal_person === FAIL) return rejection(merchant_id);
  const id_number = optionalString(v[4], 'id_number', MAX_STRING_LENGTH);
  if (id_number === FAIL) return rejection(merchant_id);
  const phone = optionalString(v[5], 'phone', MAX_STRING_LENGTH);
  if (phone === FAIL) return rejection(merchant_id);
  const bank_account = optionalString(v[6], 'bank_account', MAX_STRING_LENGTH);
  if (bank_account === FAIL) return rejection(merchant_id);
  const province = optionalString(v[7], 'province', MAX_STRING_LENGTH);
  if (province === FAIL) return rejection(merchant_id);
  const city = optionalString(v[8], 'city', MAX_STRING_LENGTH);
  if (city === FAIL) return rejection(merchant_id);
  const district = optionalString(v[9], 'district', MAX_STRING_LENGTH);
  if (district === FAIL) return rejection(merchant_id);
  const address = optionalString(v[10], 'address', MAX_ADDRESS_LENGTH);
  if (address === FAIL) return rejection(merchant_id);
  const lat = optionalCoordinate(v[11], 'lat', MAX_ABS_LAT);
  if (lat === FAIL) return rejection(merchant_id);
  const lng = optionalCoordinate(v[12], 'lng', MAX_ABS_LNG);
  if (lng === FAIL) return rejection(merchant_id);
  const coord_sys = optionalCoordSys(v[13]);
  if (coord_sys === FAIL) return rejection(merchant_id);
  const mcc = optionalMcc(v[14]);
  if (mcc === FAIL) return rejection(merchant_id);
  const terminal_sns = terminalSerials(v[15]);
  if (terminal_sns === FAIL) return rejection(merchant_id);
  const created_at = optionalTimestamp(v[16]);
  if (created_at === FAIL) return rejection(merchant_id);
  const channel = optionalString(v[17], 'channel', MAX_STRING_LENGTH);
  if (channel === FAIL) return rejection(merchant_id);
  // Literal in contract order so every record shares one hidden class.
  return {
    merchant_id, name, uscc, legal_person, id_number, phone, bank_account, province, city, district,
    address, lat, lng, coord_sys, mcc, terminal_sns, created_at, channel,
  };
}

/*
 * Each checker returns the clean value or FAIL, having stored the field and reason in `failField` /
 * `failReason`; this keeps the accepting path free of result objects.
 */
const FAIL: unique symbol = Symbol('fail');
let failField: MerchantField | null = null;
let failReason = '';

function fail(field: MerchantField, reason: string): typeof FAIL {
  failField = field;
  failReason = `${field}: ${reason}`;
  return FAIL;
}

function rejection(merchant_id: string | null): RecordRejection {
  return { rejected: true, field: failField, reason: failReason, merchant_id };
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function requiredId(v: unknown): string | typeof FAIL {
  // Exports often write numeric ids as JSON numbers; an integer converts without ambiguity, unless it
  // is beyond 2^53 and JSON.parse has already rounded it.
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return fail('merchant_id', `expected a string or an integer, got number ${v}`);
    if (!Number.isSafeInteger(v)) {
      return fail('merchant_id', `integer ${v} is too large to be exact; export ids as strings`);
    }
    return String(v);
  }
  return requiredString(v, 'merchant_id', MAX_ID_LENGTH);
}

function requiredString(v: unknown, field: MerchantField, max: number): string | typeof FAIL {
  if (v === undefined || v === null) return fail(field, 'required field is missing');
  if (typeof v !== 'string') return fail(field, `expected a string, got ${typeName(v)}`);
  const s = v.trim();
  if (s === '') return fail(field, 'required field is empty');
  if (s.length > max) return fail(field, `longer than ${max} characters (${s.length})`);
  if (s.includes(NUL)) return fail(field, NUL_REASON);
  return s;
}

function optionalString(v: unknown, field: MerchantField, max: number): string | null | typeof FAIL {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return fail(field, `expected a string, got ${typeName(v)}`);
  const s = v.trim();
  if (s === '') return null;
  if (s.length > max) return fail(field, `longer than ${max} characters (${s.length})`);
  if (s.includes(NUL)) return fail(field, NUL_REASON);
  return s;
}

/**
 * U+0000 cannot be stored in a PostgreSQL text column (https://www.postgresql.org/docs/current/datatype-character.html):
 * one such value would fail a whole COPY, so the record is rejected here, where the reason can name it.
 */
const NUL = '\u0000';
const NUL_REASON = 'contains a NUL character (U+0000), which text columns cannot store';

/** A plain decimal number as CSV writes it: no hex, no `Infinity`, no empty string meaning 0. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function optionalCoordinate(v: unknown, field: MerchantField, maxAbs: number): number | null | typeof FAIL {
  if (v === undefined || v === null) return null;
  let n: number;
  if (typeof v === 'number') {
    n = v;
  } else if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    if (!DECIMAL.test(s)) return fail(field, `expected a number, got string "${clip(s)}"`);
    n = Number(s);
  } else {
    return fail(field, `expected a number, got ${typeName(v)}`);
  }
  if (!Number.isFinite(n)) return fail(field, `expected a finite number, got ${n}`);
  if (Math.abs(n) > maxAbs) return fail(field, `out of range -${maxAbs}..${maxAbs}: ${n}`);
  return n;
}

function optionalCoordSys(v: unknown): string | null | typeof FAIL {
  const s = optionalString(v, 'coord_sys', MAX_STRING_LENGTH);
  if (s === null || s === FAIL) return s;
  const lower = s.toLowerCase();
  if (!(COORD_SYSTEMS as readonly string[]).includes(lower)) {
    return fail('coord_sys', `expected one of ${COORD_SYSTEMS.join(', ')}, got "${clip(s)}"`);
  }
  return lower;
}

function optionalMcc(v: unknown): string | null | typeof FAIL {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > MAX_MCC) {
      return fail('mcc', `expected a ${MCC_DIGITS}-digit code, got number ${v}`);
    }
    return String(v).padStart(MCC_DIGITS, '0');
  }
  return optionalString(v, 'mcc', MAX_STRING_LENGTH);
}

function terminalSerials(v: unknown): string[] | typeof FAIL {
  if (v === undefined || v === null) return [];
  let parts: readonly unknown[];
  if (typeof v === 'string') {
    if (v.trim() === '') return [];
    parts = v.split(TERMINAL_SN_SEPARATOR);
  } else if (Array.isArray(v)) {
    parts = v;
  } else {
    return fail('terminal_sns', `expected an array of strings or a "${TERMINAL_SN_SEPARATOR}"-joined string, got ${typeName(v)}`);
  }
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p !== 'string') return fail('terminal_sns', `expected an array of strings, got ${typeName(p)} at index ${i}`);
    const s = p.trim();
    // An empty piece comes from `a;;b` or a trailing `;`: nothing to keep, nothing wrong.
    if (s === '') continue;
    if (s.length > MAX_STRING_LENGTH) {
      return fail('terminal_sns', `serial longer than ${MAX_STRING_LENGTH} characters (${s.length}) at index ${i}`);
    }
    if (s.includes(NUL)) return fail('terminal_sns', `${NUL_REASON} at index ${i}`);
    out.push(s);
  }
  if (out.length > MAX_TERMINAL_SNS) return fail('terminal_sns', `more than ${MAX_TERMINAL_SNS} serials (${out.length})`);
  return out;
}

/**
 * ISO-8601 calendar date, optionally with a time (`T` or, as PostgreSQL and many exports write it, a
 * space), fraction of a second and offset (`Z`, `+08`, `+0800`, `+08:00`). Date.parse alone is not
 * enough: V8 accepts `2021-02-30` and many non-ISO forms. The pattern fixes where each number is, so
 * they are read by position without a match array.
 */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const MONTHS = 12;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FEBRUARY = 2;
const LAST_HOUR = 23;
const LAST_MINUTE = 59;
/** 60 is a leap second, which ISO 8601 allows. */
const LAST_SECOND = 60;
/** Offsets of the fields in `YYYY-MM-DDTHH:MM:SS`. */
const MONTH_AT = 5;
const DAY_AT = 8;
const HOUR_AT = 11;
const MINUTE_AT = 14;
const SECOND_AT = 17;
const DATE_LENGTH = 10;
const ZERO = 48;
const COLON = 58;
const LEAP_FEBRUARY_DAYS = 29;

function optionalTimestamp(v: unknown): string | null | typeof FAIL {
  const s = optionalString(v, 'created_at', MAX_STRING_LENGTH);
  if (s === null || s === FAIL) return s;
  if (!ISO_TIMESTAMP.test(s)) return fail('created_at', `not an ISO-8601 timestamp: "${clip(s)}"`);
  const year = digits(s, 0, 4);
  const month = digits(s, MONTH_AT, 2);
  const day = digits(s, DAY_AT, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === FEBRUARY && leap ? LEAP_FEBRUARY_DAYS : (DAYS_IN_MONTH[month - 1] ?? 0);
  let ok = month >= 1 && month <= MONTHS && day >= 1 && day <= monthDays;
  if (ok && s.length > DATE_LENGTH) {
    ok = digits(s, HOUR_AT, 2) <= LAST_HOUR && digits(s, MINUTE_AT, 2) <= LAST_MINUTE;
    if (ok && s.charCodeAt(SECOND_AT - 1) === COLON) ok = digits(s, SECOND_AT, 2) <= LAST_SECOND;
  }
  return ok ? s : fail('created_at', `not a valid date or time: "${clip(s)}"`);
}

/** The decimal number written by the `count` ASCII digits of `s` at `at`. */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + s.charCodeAt(i) - ZERO;
  return n;
}

/** Longest input quoted back in a reason: enough to find it, short enough for a rejects file. */
const MAX_QUOTED_INPUT = 40;

function clip(s: string): string {
  return s.length <= MAX_QUOTED_INPUT ? s : s.slice(0, MAX_QUOTED_INPUT) + '…';
}
