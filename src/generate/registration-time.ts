import { CHINA_OFFSET_MS, DAY_MS } from '../record/calendar.js';
import type { Prng } from './prng.js';

/**
 * Registration timestamps, 2016-2025 in Beijing time. Acquiring grew over the decade, so later years
 * get more registrations; most are stamped in opening hours.
 */

/** 2016-01-01T00:00+08:00. */
export const CORPUS_START_MS = Date.UTC(2016, 0, 1) - CHINA_OFFSET_MS;
/** 2025-12-31T23:59:59+08:00. */
export const CORPUS_END_MS = Date.UTC(2026, 0, 1) - CHINA_OFFSET_MS - 1000;
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
