/**
 * The answer bands of the online check. `duplicate` is exactly the batch scan's rule (score at or above
 * the generation's threshold, so the scan would pair them); below it, a band a person should review.
 */

export type Decision = 'duplicate' | 'possible_duplicate' | 'new';

/**
 * Lowest score of the review band. Scores are the logistic of summed log-odds weights (verify/match-weights.ts):
 * 0.25 is odds of 1:3, reached for example by one strong identifier agreeing while the names differ, or by a
 * close name at the same street number without an identifier. Below it a candidate is noise and is not listed.
 */
export const POSSIBLE_DUPLICATE_MIN_SCORE = 0.25;

export function decisionOf(bestScore: number, threshold: number): Decision {
  if (bestScore >= threshold) return 'duplicate';
  if (bestScore >= Math.min(POSSIBLE_DUPLICATE_MIN_SCORE, threshold)) return 'possible_duplicate';
  return 'new';
}

/** Whether a match is listed at all: in the review band or above. */
export function isListed(score: number, threshold: number): boolean {
  return score >= Math.min(POSSIBLE_DUPLICATE_MIN_SCORE, threshold);
}
