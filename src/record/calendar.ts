/** Proleptic Gregorian calendar arithmetic: the one calendar of every date the tool reads (timestamps, resident ID birth dates) or writes (the generator). */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const FEBRUARY = 2;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`; 0 for a month outside 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month < 1 || month > 12) return 0;
  return month === FEBRUARY && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Value of the `count` ASCII digits at `from`, or -1 when any of them is not a digit. */
export function digitsValue(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

export const DAY_MS = 24 * 3_600_000;
/** China Standard Time, UTC+8 all year (no daylight saving since 1991): the zone of zone-less timestamps. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAYS_PER_ERA = 146_097;
/** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const EPOCH_SHIFT_DAYS = 719_468;

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * `2019-03-14T10:22:31+08:00`: an instant in China Standard Time, to the second. Calendar date by Howard
 * Hinnant's `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms"): integer arithmetic only,
 * several times cheaper than a Date and toISOString per record.
 */
export function formatChinaTime(ms: number): string {
  const local = ms + CHINA_OFFSET_MS;
  const days = Math.floor(local / DAY_MS);
  const secondOfDay = Math.floor((local - days * DAY_MS) / 1000);
  const z = days + EPOCH_SHIFT_DAYS;
  const era = Math.floor(z / DAYS_PER_ERA);
  const doe = z - era * DAYS_PER_ERA;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hh = Math.floor(secondOfDay / 3600);
  const mm = Math.floor((secondOfDay % 3600) / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hh)}:${pad2(mm)}:${pad2(secondOfDay % 60)}+08:00`;
}
