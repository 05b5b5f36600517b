import type { Prng } from './prng.js';

/**
 * Registration timestamps, 2016-2025 in Beijing time. Acquiring grew over the decade, so later years
 * get more registrations; most are stamped in opening hours.
 */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;
export const DAY_MS = 24 * 3600 * 1000;
/** 2016-01-01T00:00+08:00. */
export const CORPUS_START_MS = Date.UTC(2016, 0, 1) - BEIJING_OFFSET_MS;
/** 2025-12-31T23:59:59+08:00. */
export const CORPUS_END_MS = Date.UTC(2026, 0, 1) - BEIJING_OFFSET_MS - 1000;
/** u^GROWTH_SKEW with GROWTH_SKEW < 1 shifts mass toward recent years (about 2× more in 2025 than 2016). */
const GROWTH_SKEW = 0.75;
const OPENING_HOUR = 8;
const OPENING_HOURS = 13;
const OFF_HOURS_SHARE = 0.08;

/** A registration instant in [CORPUS_START_MS, latest]. */
export function registrationTime(prng: Prng, latest: number): number {
  const days = Math.max(1, Math.floor((latest - CORPUS_START_MS) / DAY_MS));
  const day = Math.floor(days * Math.pow(prng.float(), GROWTH_SKEW));
  const secondOfDay = prng.chance(OFF_HOURS_SHARE)
    ? prng.int(24 * 3600)
    : OPENING_HOUR * 3600 + prng.int(OPENING_HOURS * 3600);
  return Math.min(latest, CORPUS_START_MS + day * DAY_MS + secondOfDay * 1000);
}

const DAYS_PER_ERA = 146_097;
/** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const EPOCH_SHIFT_DAYS = 719_468;

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * `2019-03-14T10:22:31+08:00`. Calendar date by Howard Hinnant's `civil_from_days` ("chrono-Compatible
 * Low-Level Date Algorithms"): integer arithmetic only, several times cheaper than a Date and
 * toISOString per record.
 */
export function formatBeijingTime(ms: number): string {
  const local = ms + BEIJING_OFFSET_MS;
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
