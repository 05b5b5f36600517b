/**
 * `created_at`: the one timestamp grammar of the tool, used by the record validator (is the field
 * readable?) and by the normalizer (which instant is it?). ISO 8601 / RFC 3339 date or date-time, and
 * what real exports write instead: a space instead of `T`, `/` in the date (`2024/01/02`), one-digit
 * month or day, hours and minutes without seconds, a fraction, `Z` or a ±HH[:MM] offset.
 *
 * Not `Date.parse`: it reads zone-less date-times in the machine's time zone (the same record would
 * get a different instant on a differently configured machine) and accepts 2023-02-30. Zone-less
 * timestamps are read as China Standard Time (UTC+8), where these registrations happen.
 */
import { CHINA_OFFSET_MS, daysInMonth, digitsValue, formatChinaTime } from './calendar.js';

const DEFAULT_ZONE_OFFSET_MS = CHINA_OFFSET_MS;
const MS_PER_MINUTE = 60_000;
const MINUTES_PER_HOUR = 60;
/** Fraction digits kept: milliseconds. */
const MS_DIGITS = 3;
const DASH = 0x2d;
const LAST_HOUR = 23;
const LAST_MINUTE = 59;
/** 60 is a leap second, which ISO 8601 allows; Date.UTC carries it into the next minute. */
const LAST_SECOND = 60;
const COLON = 0x3a;

/** Groups: year, month, day, hour, minute, second, fraction, zone. */
const TIMESTAMP =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Offset in ms of `Z`, `+08:00`, `+0800`, `+08`, or the default when absent. */
function zoneOffset(zone: string | undefined): number {
  if (zone === undefined || zone === '') return DEFAULT_ZONE_OFFSET_MS;
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.charCodeAt(0) === DASH ? -1 : 1;
  const hours = digitsValue(zone, 1, 2);
  const minutesAt = zone.length > 3 && zone.charCodeAt(3) === COLON ? 4 : 3;
  const minutes = zone.length > minutesAt ? digitsValue(zone, minutesAt, 2) : 0;
  return sign * (hours * MINUTES_PER_HOUR + minutes) * MS_PER_MINUTE;
}

function instant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number): number {
  if (d < 1 || d > daysInMonth(y, mo) || h > LAST_HOUR || mi > LAST_MINUTE || s > LAST_SECOND) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
}

/** The common shape `YYYY-MM-DD[T| ]HH:MM:SS[.fff][Z|±HH:MM]` without a regex; undefined for any other shape. */
function parseCommon(s: string): number | undefined {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return undefined;
  const y = digitsValue(s, 0, 4);
  const mo = digitsValue(s, 5, 2);
  const d = digitsValue(s, 8, 2);
  if (y < 0 || mo < 0 || d < 0) return undefined;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let i = 10;
  if (i < n) {
    const sep = s[i];
    if ((sep !== 'T' && sep !== ' ') || n < 19 || s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON) return undefined;
    h = digitsValue(s, 11, 2);
    mi = digitsValue(s, 14, 2);
    sec = digitsValue(s, 17, 2);
    if (h < 0 || mi < 0 || sec < 0) return undefined;
    i = 19;
    if (s[i] === '.') {
      let j = i + 1;
      let scale = 100;
      for (; j < n && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39; j++) {
        if (j - i <= MS_DIGITS) ms += (s.charCodeAt(j) - 0x30) * scale;
        scale /= 10;
      }
      if (j === i + 1) return undefined;
      i = j;
    }
  }
  let offset = DEFAULT_ZONE_OFFSET_MS;
  if (i < n) {
    if (i === n - 1 && s[i] === 'Z') offset = 0;
    else if (n - i === 6 && (s[i] === '+' || s[i] === '-') && s.charCodeAt(i + 3) === COLON) {
      const hours = digitsValue(s, i + 1, 2);
      const minutes = digitsValue(s, i + 4, 2);
      if (hours < 0 || minutes < 0) return undefined;
      offset = (s[i] === '-' ? -1 : 1) * (hours * MINUTES_PER_HOUR + minutes) * MS_PER_MINUTE;
    } else return undefined;
  }
  return instant(y, mo, d, h, mi, sec, Math.floor(ms), offset);
}

/** Epoch milliseconds of an ISO-8601 timestamp; NaN when missing or unparsable. */
export function parseTimestamp(raw: string | null | undefined): number {
  if (raw == null) return NaN;
  const common = parseCommon(raw);
  if (common !== undefined) return common;
  const m = TIMESTAMP.exec(raw.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  return instant(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms, zoneOffset(zone));
}

/**
 * The text a record keeps for a readable `created_at`: the input itself when it has the common RFC 3339
 * shape (almost every record, kept byte for byte), else the same instant rewritten as
 * `YYYY-MM-DDTHH:MM:SS+08:00`, so that a database column and any later reader agree on it whatever
 * their own grammar or time zone. Null when the text is not a timestamp or names a day that does not exist.
 */
export function readTimestamp(raw: string): string | null {
  const common = parseCommon(raw);
  if (common !== undefined) return common === common ? raw : null;
  const ms = parseTimestamp(raw);
  if (ms !== ms) return null;
  // Whole seconds are what the other shapes carry, except a fraction: keep it when there is one.
  const text = formatChinaTime(ms);
  const millis = ((ms % 1000) + 1000) % 1000;
  return millis === 0 ? text : `${text.slice(0, 19)}.${String(millis).padStart(3, '0')}${text.slice(19)}`;
}
