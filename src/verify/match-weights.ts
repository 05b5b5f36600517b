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

/** A comparison's weight when the two values agree, and when both are present and differ. */
export interface AgreementWeights {
  match: number;
  conflict: number;
}

/** (x, weight) points, x ascending: a piecewise-linear curve, or step upper bounds (DISTANCE). */
export type WeightPoints = [number, number][];

/**
 * Every log-odds weight a pair's score adds up, as one plain JSON-able table: the hand-set defaults below,
 * or a table fitted by `merchant-dedup train` (train/fit-weights.ts) and read with `--weights FILE`. The
 * shape constants further down (how similarity is measured) are not weights and are not trained.
 */
export interface MatchWeights {
  /** Prior log-odds of two candidates being the same business before any field is compared. */
  prior: number;
  /** Name-core similarity → log-odds, piecewise linear through these points. */
  name_curve: WeightPoints;
  /** Equal-length names differing in a few unlike characters (朱记图文 / 李记图文): two templated names. */
  name_substitution: number;
  /**
   * Name-frequency discount: `weight` log-odds taken off name agreement per ln(records sharing the name − 1),
   * the logarithm capped at `max_log`.
   */
  name_frequency: { weight: number; max_log: number };
  /** Branch suffixes: both present and unlike → two branches of one chain. */
  branch: { differ: number; differ_at_same_street: number; one_missing: number; same: number };
  /** Address similarity (max of Dice and containment) → log-odds when both addresses are present. */
  address_curve: WeightPoints;
  /** Same road and number. */
  same_street: number;
  /** Distance after datum conversion: (upper bound in metres, log-odds), ascending; the last bound is open. */
  distance_steps: WeightPoints;
  /**
   * Kind of place (normalize/place-kind.ts): a car park, gate or ATM and its host share name stem, address
   * and often phone, so only a penalty larger than all of that together keeps them apart. Two facilities
   * of one kind add nothing: their names and location still decide.
   */
  place_kind: { conflict: number; entrance_only: number };
  phone: AgreementWeights;
  uscc: AgreementWeights;
  id_number: AgreementWeights;
  bank_account: AgreementWeights;
  terminal: AgreementWeights;
  mcc: AgreementWeights;
  legal_person: AgreementWeights;
}

/**
 * The hand-set weights: what the engine scores with unless given a fitted table. Not frozen: verifyPair
 * reads these for every pair, and V8 reads frozen arrays more slowly (verifyPair was 10–18% slower with a
 * frozen table); the type is read-only, and every table derived from it is a copy (train/weight-vector.ts).
 */
export const DEFAULT_WEIGHTS: Readonly<MatchWeights> = {
  prior: -4,
  name_curve: [
    [0, -5],
    [0.3, -3],
    [0.5, -0.5],
    [0.7, 2],
    [0.85, 3.5],
    [1, 4.5],
  ],
  name_substitution: -3.5,
  name_frequency: { weight: 1, max_log: 4 },
  branch: { differ: -6.5, differ_at_same_street: -3.5, one_missing: -0.3, same: 1 },
  address_curve: [
    [0, -2],
    [0.5, -0.3],
    [0.8, 1],
    [1, 1.8],
  ],
  same_street: 1,
  // The last bound stands for "farther": JSON has no Infinity, and stepWeight clamps past the last step.
  distance_steps: [
    [50, 2.5],
    [150, 1.8],
    [400, 0.8],
    [1000, 0],
    [3000, -2],
    [1e9, -4],
  ],
  place_kind: { conflict: -7, entrance_only: -3.5 },
  phone: { match: 3, conflict: -0.5 },
  uscc: { match: 6, conflict: -9 },
  id_number: { match: 1.5, conflict: -0.5 },
  bank_account: { match: 2.5, conflict: -0.3 },
  terminal: { match: 5, conflict: 0 },
  mcc: { match: 0.3, conflict: -0.7 },
  legal_person: { match: 0.5, conflict: -0.3 },
};

/* Shape constants: how similarity is measured; not weights. */

/** Equal-length names differing only in homophones count as this similar (a typo through a pinyin IME). */
export const HOMOPHONE_NAME_SIMILARITY = 0.95;

/* Containment similarity (verify-pair.ts `similarity`). */
/** How much a long remainder outside the common part lowers containment: 幸福时代 in
 * 幸福时代培训辅导中心停车场 is weaker evidence than 顺发 in 顺发门业. */
export const CONTAINMENT_LENGTH_WEIGHT = 0.4;
/** A common substring this long earns full containment credit. */
export const CONTAINMENT_FULL_CREDIT_LENGTH = 4;
/** Containment never counts as much as equality: 顺发 ⊂ 顺发门业 is likely, not certain. */
export const CONTAINMENT_DISCOUNT = 0.9;

/**
 * A shorter name core wholly inside the longer one, carried by at most CONTAINED_RARE_NAME_MAX_RECORDS
 * records of its city (itself included) and at least CONTAINED_RARE_NAME_MIN_LENGTH characters long, counts as
 * this similar (verify-pair.ts `containsRareName`; issue: a contained rare name is strong evidence, a
 * contained common one is not). On Hangzhou POI it finds 7 more labelled matches for 4 more false pairs.
 */
export const CONTAINED_RARE_NAME_SIMILARITY = 0.8;
export const CONTAINED_RARE_NAME_MAX_RECORDS = 1;
export const CONTAINED_RARE_NAME_MIN_LENGTH = 2;

/** Below this name similarity the names do not agree on a value, so their frequency does not matter. */
export const NAME_FREQUENCY_FROM_SIMILARITY = 0.5;
/** A branch label this long or longer that occurs in the other record's address names the same outlet. */
export const BRANCH_AT_ADDRESS_MIN = 2;
/** Branch texts at least this similar (Dice, or one containing the other) are the same branch. */
export const BRANCH_SAME_SIMILARITY = 0.5;

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

/**
 * The most the location comparisons (address, same street, distance) can add, and the branch penalty that
 * can still come with them: verification abandons a pair that cannot reach the threshold even with these.
 */
export function locationBound(w: Readonly<MatchWeights>): { location: number; branchDiffer: number } {
  const maxOf = (points: WeightPoints): number => points.reduce((m, p) => Math.max(m, p[1]), 0);
  return { location: maxOf(w.address_curve) + Math.max(0, w.same_street) + maxOf(w.distance_steps), branchDiffer: Math.max(w.branch.differ, w.branch.differ_at_same_street) };
}
