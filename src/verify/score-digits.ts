/**
 * How scores and similarities leave the engine: as Float32 (verified-pairs.ts) rounded to SCORE_DIGITS
 * decimals in pairs.csv, the pairs table, explain and the online check, so a score read anywhere is the
 * same number.
 */
export const SCORE_DIGITS = 4;

/** A score as every output writes it: the Float32 the scan keeps, at SCORE_DIGITS decimals. */
export function scoreText(score: number): string {
  return Math.fround(score).toFixed(SCORE_DIGITS);
}
