/**
 * Score bands of the review queue and the confidence rule of the merge plan. A pair's score is the
 * matcher's evidence total in [0, 1] (verify/match-weights.ts); pairs start at the match threshold (0.5 by
 * default). The bands split what a steward should look at first: a cluster is as weak as its weakest pair.
 */

/** Lowest pair score of the "high" band, and of a cluster the merge plan takes without a confirmation. */
export const HIGH_CONFIDENCE_SCORE = 0.8;
/** Lowest pair score of the "mid" band; below it a pair carries little more than the threshold asked. */
export const MID_CONFIDENCE_SCORE = 0.65;

export const SCORE_BANDS = ['low', 'mid', 'high'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];

/** [lowest, highest) score of each band; high includes 1. */
export const BAND_RANGES: Readonly<Record<ScoreBand, readonly [number, number]>> = {
  low: [0, MID_CONFIDENCE_SCORE],
  mid: [MID_CONFIDENCE_SCORE, HIGH_CONFIDENCE_SCORE],
  high: [HIGH_CONFIDENCE_SCORE, Number.POSITIVE_INFINITY],
};

export function bandOf(score: number): ScoreBand {
  return score >= HIGH_CONFIDENCE_SCORE ? 'high' : score >= MID_CONFIDENCE_SCORE ? 'mid' : 'low';
}
