/**
 * `merchant-dedup train`: fits the weights table to labelled pairs and says honestly how well it does.
 *
 * The fit is a logistic regression over the pair features of weight-vector.ts with a Gaussian prior centred
 * on the hand-set weights (fit-logistic.ts), so the fitted score is the probability that a candidate pair
 * is a match among pairs like the training ones: a calibrated score, which the report's calibration table
 * checks on held-out pairs. Quality is measured by k-fold cross-validation grouped by labelled entity (a
 * record's matches never sit on both sides of a fold): each fold is scored by a table fitted on the others,
 * beside the hand-set table on the same pairs. A labelled match that blocking never proposes counts as
 * missed in both, as it would be in a scan.
 */
import { hashString32 } from '../candidates/key-hash.js';
import type { MatchWeights } from '../verify/match-weights.js';
import { dot, fitLogistic, type FitExamples } from './fit-logistic.js';
import type { TrainingSet } from './training-set.js';
import { layoutOf, vectorOf, weightsOf } from './weight-vector.js';

export interface TrainOptions {
  /** Prior standard deviation of each weight around its hand-set value, in log-odds. @default 1 */
  priorSd?: number;
  /** Cross-validation folds. @default 5 */
  folds?: number;
  /** Score at or above which a pair is predicted a match. */
  threshold: number;
}

export interface Quality {
  precision: number;
  recall: number;
  f1: number;
  /** Mean log-loss over the candidate pairs (natural log). */
  log_loss: number;
}

/** Held-out pairs by score band: how many, the mean predicted score, and the share that are matches. */
export interface CalibrationRow {
  from: number;
  to: number;
  pairs: number;
  mean_score: number;
  match_rate: number;
}

export interface TrainReport {
  examples: number;
  matches: number;
  folds: number;
  prior_sd: number;
  threshold: number;
  /** Cross-validated, on the same held-out pairs. */
  cross_validation: { default: Quality; trained: Quality; calibration: { default: CalibrationRow[]; trained: CalibrationRow[] } };
  /** The fit on every example: the table written to the weights file. */
  weights: MatchWeights;
  /** Weights that moved by more than 0.25 log-odds, largest first. */
  changed: { weight: string; from: number; to: number }[];
}

const CALIBRATION_BANDS = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0000001];

/** The training set's examples, fitting on those `keep` picks (no copy: the fit reads them in place). */
function subset(set: TrainingSet, keep: (i: number) => boolean): FitExamples {
  const use: number[] = [];
  for (let i = 0; i < set.count; i++) if (keep(i)) use.push(i);
  return { x: set.x, y: set.y, count: set.count, use: Uint32Array.from(use) };
}

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Precision, recall and F1 of predictions `score ≥ threshold` among candidates, with every labelled match in the denominator. */
function qualityOf(set: TrainingSet, scores: Float64Array, threshold: number): Quality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let loss = 0;
  let candidates = 0;
  for (let i = 0; i < set.count; i++) {
    const predicted = set.candidate[i] === 1 && scores[i]! >= threshold;
    if (set.y[i] === 1) predicted ? tp++ : fn++;
    else if (predicted) fp++;
    if (set.candidate[i] === 1) {
      const p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]!));
      loss -= set.y[i] === 1 ? Math.log(p) : Math.log(1 - p);
      candidates++;
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, log_loss: candidates === 0 ? 0 : loss / candidates };
}

function calibrationOf(set: TrainingSet, scores: Float64Array): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (let k = 0; k + 1 < CALIBRATION_BANDS.length; k++) {
    const from = CALIBRATION_BANDS[k]!;
    const to = CALIBRATION_BANDS[k + 1]!;
    let n = 0;
    let sum = 0;
    let matches = 0;
    for (let i = 0; i < set.count; i++) {
      if (set.candidate[i] !== 1 || scores[i]! < from || scores[i]! >= to) continue;
      n++;
      sum += scores[i]!;
      matches += set.y[i]!;
    }
    rows.push({ from, to: Math.min(1, to), pairs: n, mean_score: n === 0 ? 0 : sum / n, match_rate: n === 0 ? 0 : matches / n });
  }
  return rows;
}

export function trainWeights(set: TrainingSet, base: Readonly<MatchWeights>, o: TrainOptions): TrainReport {
  const priorSd = o.priorSd ?? 1;
  const folds = o.folds ?? 5;
  const theta0 = vectorOf(base);
  const foldOf = new Uint8Array(set.count);
  for (let i = 0; i < set.count; i++) foldOf[i] = hashString32(String(set.group[i]), 0x7f) % folds;

  const trainedScores = new Float64Array(set.count);
  const defaultScores = new Float64Array(set.count);
  for (let i = 0; i < set.count; i++) defaultScores[i] = logistic(dot(set.x, i * set.size, theta0));
  for (let f = 0; f < folds; f++) {
    const fit = fitLogistic(subset(set, (i) => foldOf[i] !== f && set.candidate[i] === 1), theta0, { priorSd });
    for (let i = 0; i < set.count; i++) if (foldOf[i] === f) trainedScores[i] = logistic(dot(set.x, i * set.size, fit.theta));
  }

  const all = fitLogistic(subset(set, (i) => set.candidate[i] === 1), theta0, { priorSd });
  const names = layoutOf(base).names;
  const changed = names
    .map((weight, j) => ({ weight, from: theta0[j]!, to: Math.round(all.theta[j]! * 1e4) / 1e4 }))
    .filter((c) => Math.abs(c.to - c.from) > 0.25)
    .sort((p, q) => Math.abs(q.to - q.from) - Math.abs(p.to - p.from));
  return {
    examples: set.count,
    matches: set.y.reduce((n, y) => n + y, 0),
    folds,
    prior_sd: priorSd,
    threshold: o.threshold,
    cross_validation: {
      default: qualityOf(set, defaultScores, o.threshold),
      trained: qualityOf(set, trainedScores, o.threshold),
      calibration: { default: calibrationOf(set, defaultScores), trained: calibrationOf(set, trainedScores) },
    },
    weights: weightsOf(all.theta, base),
    changed,
  };
}

