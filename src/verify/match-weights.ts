/**
 * The match model: every threshold and weight verification uses, in one place.
 *
 * A Fellegi–Sunter style sum of log-odds: each field adds evidence for (positive) or against (negative)
 * "same business", the sum starts at a prior, and the score is its logistic, in [0, 1]. Weights are set by
 * hand from what each agreement means in merchant data, then checked on labelled real data and on the
 * generator (bench/scan): a shared valid uscc or POS terminal nearly proves identity; two different valid
 * uscc nearly disprove it; two different branch names of one brand are different shops; a shared phone is
 * strong but families share phones; a shared legal-person id is only weak, since one owner runs several
 * shops.
 */

/** Prior log-odds of two candidates being the same business before any field is compared. */
export const PRIOR = -4;

/** Name-core similarity → log-odds, piecewise linear through these (similarity, weight) points. */
export const NAME_CURVE: readonly (readonly [number, number])[] = [
  [0, -5],
  [0.3, -3],
  [0.5, -0.5],
  [0.7, 2],
  [0.85, 3.5],
  [1, 4.5],
];

/** Equal-length names differing only in homophones count as this similar (a typo through a pinyin IME). */
export const HOMOPHONE_NAME_SIMILARITY = 0.95;
/** Equal-length names differing in a few unlike characters (朱记图文 / 李记图文): two templated names. */
export const NAME_SUBSTITUTION = -3.5;

/* Containment similarity (verify-pair.ts `similarity`). */
/** How much a long remainder outside the common part lowers containment: 幸福时代 in
 * 幸福时代培训辅导中心停车场 is weaker evidence than 顺发 in 顺发门业. */
export const CONTAINMENT_LENGTH_WEIGHT = 0.4;
/** A common substring this long earns full containment credit. */
export const CONTAINMENT_FULL_CREDIT_LENGTH = 4;
/** Containment never counts as much as equality: 顺发 ⊂ 顺发门业 is likely, not certain. */
export const CONTAINMENT_DISCOUNT = 0.9;

/** Name-frequency discount: log-odds taken off name agreement per ln(records sharing the name - 1). */
export const NAME_FREQUENCY_WEIGHT = 1;
/** The discount never removes more than this. */
export const NAME_FREQUENCY_MAX_DISCOUNT = 4;
/** Below this name similarity the names do not agree on a value, so their frequency does not matter. */
export const NAME_FREQUENCY_FROM_SIMILARITY = 0.5;

/** Branch suffixes: both present and unlike → two branches of one chain. */
export const BRANCH = { differ: -6.5, differAtSameStreet: -3.5, oneMissing: -0.3, same: 1 } as const;
/** A branch label this long or longer that occurs in the other record's address names the same outlet. */
export const BRANCH_AT_ADDRESS_MIN = 2;
/** Branch texts at least this similar (Dice, or one containing the other) are the same branch. */
export const BRANCH_SAME_SIMILARITY = 0.5;

/** Distance after datum conversion, metres → log-odds (upper bounds, ascending). */
export const DISTANCE_STEPS: readonly (readonly [number, number])[] = [
  [50, 2.5],
  [150, 1.8],
  [400, 0.8],
  [1000, 0],
  [3000, -2],
  [Infinity, -4],
];

/** Address similarity (max of Dice and containment) → log-odds when both addresses are present. */
export const ADDRESS_CURVE: readonly (readonly [number, number])[] = [
  [0, -2],
  [0.5, -0.3],
  [0.8, 1],
  [1, 1.8],
];
/** The largest weights of the location evidence, for abandoning hopeless pairs early. */
export const MAX_DISTANCE_WEIGHT = 2.5;
export const MAX_ADDRESS_WEIGHT = 1.8;
/** Same road and number. */
export const SAME_STREET = 1;
/**
 * Kind of place (normalize/place-kind.ts): a car park, gate or ATM and its host share name stem, address
 * and often phone, so only a penalty larger than all of that together keeps them apart. Two facilities
 * of one kind add nothing: their names and location still decide.
 */
export const PLACE_KIND = { conflict: -7, entranceOnly: -3.5 } as const;

export const PHONE = { match: 3, conflict: -0.5 } as const;
export const USCC = { match: 6, conflict: -9 } as const;
export const ID_NUMBER = { match: 1.5, conflict: -0.5 } as const;
export const BANK_ACCOUNT = { match: 2.5, conflict: -0.3 } as const;
export const TERMINAL = { match: 5, conflict: 0 } as const;
export const MCC = { match: 0.3, conflict: -0.7 } as const;
export const LEGAL_PERSON = { match: 0.5, conflict: -0.3 } as const;

/**
 * Default score at or above which a candidate pair is reported as a duplicate (logistic of the log-odds
 * sum; 0.5 is even odds).
 */
export const DEFAULT_MATCH_THRESHOLD = 0.5;

/** Piecewise-linear interpolation through (x, y) points sorted by x; clamps outside. */
export function interpolate(points: readonly (readonly [number, number])[], x: number): number {
  // Index access, not destructuring: this runs for every candidate pair, and array destructuring goes
  // through the iterator protocol.
  const first = points[0]!;
  if (x <= first[0]) return first[1];
  for (let i = 1; i < points.length; i++) {
    const p1 = points[i]!;
    if (x <= p1[0]) {
      const p0 = points[i - 1]!;
      return p0[1] + ((p1[1] - p0[1]) * (x - p0[0])) / (p1[0] - p0[0]);
    }
  }
  return points[points.length - 1]![1];
}

export function stepWeight(steps: readonly (readonly [number, number])[], x: number): number {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (x <= s[0]) return s[1];
  }
  return steps[steps.length - 1]![1];
}

/** The weight tables' maxima must match the constants used for early exit. */
if (DISTANCE_STEPS[0]![1] !== MAX_DISTANCE_WEIGHT || ADDRESS_CURVE[ADDRESS_CURVE.length - 1]![1] !== MAX_ADDRESS_WEIGHT) {
  throw new Error('match-weights: MAX_DISTANCE_WEIGHT / MAX_ADDRESS_WEIGHT out of step with their tables');
}
