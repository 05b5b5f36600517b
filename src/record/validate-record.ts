/**
 * Checks one input record against the contract (docs: "The merchant record") and builds the
 * `MerchantRecord` the rest of the engine reads, or says which required field broke the contract and why.
 *
 * Both readers end here: NDJSON hands over the parsed JSON object, CSV a row of strings. Only the
 * required fields (merchant_id, name) reject a record. An optional field is read by the one lenient
 * reader of its kind (text, code, coordinate, coordinate system, timestamp, serials): whatever is
 * unambiguous is read (numeric ids, codes and phones written as JSON numbers, numeric strings for
 * coordinates, `WGS-84` for wgs84, `2024/01/02` for a date, `;`-joined serials, surrounding whitespace);
 * a value that cannot be read is set to null (terminal_sns to []) and reported as a warning, so that a
 * merchant never drops out of deduplication for a badly formatted optional field.
 *
 * Lengths are counted in UTF-16 code units (`String.length`): every CJK character of the BMP counts one.
 */
import { DedupError } from '../errors.js';
import { parseCoordSystem } from './coord-system.js';
import { COORD_SYSTEMS, MERCHANT_FIELDS, type MerchantField, type MerchantRecord } from './merchant-record.js';
import { readTimestamp } from './timestamp.js';

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

/** An optional field that could not be read: the record keeps the field as null. */
export interface FieldWarning {
  readonly field: MerchantField;
  /** Starts with the field name: `created_at: not a timestamp: "yesterday"`. */
  readonly reason: string;
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
export function validateRecord(raw: unknown, columnMap?: ColumnMap, warnings?: FieldWarning[]): MerchantRecord | RecordRejection {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { rejected: true, field: null, reason: `record: expected an object, got ${typeName(raw)}`, merchant_id: null };
  }
  const keys = columnKeys(columnMap);
  const obj = raw as Record<string, unknown>;
  for (let i = 0; i < FIELD_COUNT; i++) scratch[i] = obj[keys[i]!];
  return validateValues(scratch, warnings);
}

const FIELD_COUNT = MERCHANT_FIELDS.length;
/** Reused value slots: validation is single-threaded per isolate and never re-entrant. */
const scratch: unknown[] = new Array<unknown>(FIELD_COUNT).fill(undefined);

/**
 * Validates the values of one record given in `MERCHANT_FIELDS` order (undefined = absent). This is the
 * core both readers share: CSV fills the slots from its columns without building an object per row.
 * Optional fields that cannot be read are appended to `warnings` (when given) and come out null.
 */
export function validateValues(v: ArrayLike<unknown>, warnings?: FieldWarning[]): MerchantRecord | RecordRejection {
  const merchant_id = requiredId(v[0]);
  if (merchant_id === FAIL) return rejection(null);
  const name = requiredString(v[1], 'name', MAX_NAME_LENGTH);
  if (name === FAIL) return rejection(merchant_id);
  sink = warnings ?? null;
  // Literal in contract order so every record shares one hidden class.
  return {
    merchant_id,
    name,
    uscc: kept(optionalCode(v[2], 'uscc')),
    legal_person: kept(optionalString(v[3], 'legal_person', MAX_STRING_LENGTH)),
    id_number: kept(optionalCode(v[4], 'id_number')),
    phone: kept(optionalCode(v[5], 'phone')),
    bank_account: kept(optionalCode(v[6], 'bank_account')),
    province: kept(optionalString(v[7], 'province', MAX_STRING_LENGTH)),
    city: kept(optionalString(v[8], 'city', MAX_STRING_LENGTH)),
    district: kept(optionalString(v[9], 'district', MAX_STRING_LENGTH)),
    address: kept(optionalString(v[10], 'address', MAX_ADDRESS_LENGTH)),
    lat: kept(optionalCoordinate(v[11], 'lat', MAX_ABS_LAT)),
    lng: kept(optionalCoordinate(v[12], 'lng', MAX_ABS_LNG)),
    coord_sys: kept(optionalCoordSys(v[13])),
    mcc: kept(optionalMcc(v[14])),
    terminal_sns: kept(terminalSerials(v[15])) ?? [],
    created_at: kept(optionalTimestamp(v[16])),
    channel: kept(optionalCode(v[17], 'channel')),
  };
}

/*
 * Each checker returns the clean value or FAIL, having stored the field and reason in `failField` /
 * `failReason`; this keeps the accepting path free of result objects. Validation is synchronous and
 * never re-entrant, so one set of module slots serves every call.
 */
const FAIL: unique symbol = Symbol('fail');
let failField: MerchantField | null = null;
let failReason = '';
/** Where the record being validated reports its unreadable optional fields; null: nobody listens. */
let sink: FieldWarning[] | null = null;

function fail(field: MerchantField, reason: string): typeof FAIL {
  failField = field;
  failReason = `${field}: ${reason}`;
  return FAIL;
}

/** An optional field's value, or null with a warning when it could not be read. */
function kept<T>(value: T | typeof FAIL): T | null {
  if (value !== FAIL) return value;
  sink?.push({ field: failField!, reason: failReason });
  return null;
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
 * Identifiers and numbers (uscc, id_number, phone, bank_account, channel): a string, or a JSON number
 * written by an export that typed the column as numeric. An integer reads as its digits (a mobile number
 * survives exactly; a leading zero would already be gone, which no reader can restore); beyond 2^53
 * JSON.parse has rounded it, so it cannot be read.
 */
function optionalCode(v: unknown, field: MerchantField): string | null | typeof FAIL {
  if (typeof v !== 'number') return optionalString(v, field, MAX_STRING_LENGTH);
  if (!Number.isInteger(v) || v < 0) return fail(field, `expected a string of digits, got number ${v}`);
  if (!Number.isSafeInteger(v)) return fail(field, `number ${v} is too large to be exact; export it as a string`);
  return String(v);
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
  return parseCoordSystem(s) ?? fail('coord_sys', `expected one of ${COORD_SYSTEMS.join(', ')}, got "${clip(s)}"`);
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

/** See record/timestamp.ts for the shapes read; a day that does not exist (2023-02-29) is not read. */
function optionalTimestamp(v: unknown): string | null | typeof FAIL {
  const s = optionalString(v, 'created_at', MAX_STRING_LENGTH);
  if (s === null || s === FAIL) return s;
  return readTimestamp(s) ?? fail('created_at', `not a timestamp (ISO-8601 such as 2024-01-02T10:30:00+08:00) or not a real date: "${clip(s)}"`);
}

/** Longest input quoted back in a reason: enough to find it, short enough for a rejects file. */
const MAX_QUOTED_INPUT = 40;

function clip(s: string): string {
  return s.length <= MAX_QUOTED_INPUT ? s : s.slice(0, MAX_QUOTED_INPUT) + '…';
}
