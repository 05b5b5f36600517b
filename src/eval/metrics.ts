/**
 * Scoring of predicted duplicate pairs against ground truth.
 *
 * - Pair precision/recall: over unordered pairs of merchants (each counted once).
 * - Closure: the predicted pairs' transitive closure turned back into pairs (what a cluster output implies).
 * - B-cubed (Bagga & Baldwin 1998): per record, |C(i) ∩ E(i)| / |C(i)| and / |E(i)|, averaged over the
 *   truth's records; unlike pair metrics it is not dominated by the largest entities.
 */
import { uniquePairs } from '../candidates/unique-pairs.js';
import { UnionFind } from './union-find.js';

export interface PairMetrics {
  /** Pairs predicted (after de-duplication). */
  predicted: number;
  truePositives: number;
  /** Pairs in the truth. */
  actual: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface BCubedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function pairMetrics(predicted: number, truePositives: number, actual: number): PairMetrics {
  // Conventions for empty sets: nothing predicted is perfectly precise, nothing to find is perfectly recalled.
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = actual === 0 ? 1 : truePositives / actual;
  return { predicted, truePositives, actual, precision, recall, f1: f1Of(precision, recall) };
}

const choose2 = (k: number): number => (k * (k - 1)) / 2;

/** Counts of each value of `labels` (values are dense, below `size`). */
function histogram(labels: Int32Array, size: number): Int32Array {
  const h = new Int32Array(size);
  for (let i = 0; i < labels.length; i++) h[labels[i]!]!++;
  return h;
}

export interface EntityEvaluation {
  records: number;
  pairs: PairMetrics;
  closure: PairMetrics;
  bcubed: BCubedMetrics;
}

/**
 * Scores pairs against entity labels. `entity[i]` is the dense entity of record i (0 ≤ entity < entities);
 * `pairs` is a flat [a, b, …] list of record indices. Records 0..truthRecords-1 are the truth's; indices at or
 * above it are predicted ids absent from the truth (each its own entity, so every pair touching one is false).
 */
export function evaluateEntities(entity: Int32Array, entities: number, truthRecords: number, pairs: Int32Array): EntityEvaluation {
  const n = entity.length;
  const unique = uniquePairs(pairs);
  const entitySize = histogram(entity, entities);
  let actual = 0;
  for (let e = 0; e < entities; e++) actual += choose2(entitySize[e]!);

  let tp = 0;
  for (let i = 0; i < unique.length; i += 2) if (entity[unique[i]!] === entity[unique[i + 1]!]) tp++;

  const uf = new UnionFind(n);
  for (let i = 0; i < unique.length; i += 2) uf.union(unique[i]!, unique[i + 1]!);
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) root[i] = uf.find(i);
  const clusterSize = histogram(root, n);

  // (cluster, entity) overlaps, only for records in predicted clusters of 2+ (all others overlap in 1).
  const overlap = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (clusterSize[root[i]!]! < 2) continue;
    const key = root[i]! * entities + entity[i]!;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  let closurePredicted = 0;
  for (let i = 0; i < n; i++) if (root[i] === i) closurePredicted += choose2(clusterSize[i]!);
  let closureTp = 0;
  for (const c of overlap.values()) closureTp += choose2(c);

  let bp = 0;
  let br = 0;
  for (let i = 0; i < truthRecords; i++) {
    const cs = clusterSize[root[i]!]!;
    const common = cs < 2 ? 1 : overlap.get(root[i]! * entities + entity[i]!)!;
    bp += common / cs;
    br += common / entitySize[entity[i]!]!;
  }
  bp = truthRecords === 0 ? 1 : bp / truthRecords;
  br = truthRecords === 0 ? 1 : br / truthRecords;

  return {
    records: truthRecords,
    pairs: pairMetrics(unique.length >>> 1, tp, actual),
    closure: pairMetrics(closurePredicted, closureTp, actual),
    bcubed: { precision: bp, recall: br, f1: f1Of(bp, br) },
  };
}

export interface LinkageEvaluation {
  /** Labelled positive cross-source pairs. */
  positives: number;
  pairs: PairMetrics;
  closure: PairMetrics;
}

/**
 * Record linkage between two sources: only pairs with one record from each source are scored; every
 * cross pair not labelled positive is a non-match. `source[i]` is 0 or 1 for the two sources, -1 for
 * records in neither. `positives` is a flat [a, b, …] list of labelled matches.
 */
export function evaluateLinkage(source: Int8Array, positives: Int32Array, pairs: Int32Array): LinkageEvaluation {
  const n = source.length;
  const truth = uniquePairs(positives);
  const truthKeys = new Set<number>();
  for (let i = 0; i < truth.length; i += 2) truthKeys.add(truth[i]! * n + truth[i + 1]!);
  const isCross = (a: number, b: number): boolean => source[a]! >= 0 && source[b]! >= 0 && source[a] !== source[b];

  const unique = uniquePairs(pairs);
  let predicted = 0;
  let tp = 0;
  for (let i = 0; i < unique.length; i += 2) {
    const a = unique[i]!;
    const b = unique[i + 1]!;
    if (!isCross(a, b)) continue;
    predicted++;
    if (truthKeys.has(a * n + b)) tp++;
  }

  const uf = new UnionFind(n);
  for (let i = 0; i < unique.length; i += 2) uf.union(unique[i]!, unique[i + 1]!);
  const side0 = new Int32Array(n);
  const side1 = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (source[i] === 0) side0[uf.find(i)]!++;
    else if (source[i] === 1) side1[uf.find(i)]!++;
  }
  let closurePredicted = 0;
  for (let i = 0; i < n; i++) closurePredicted += side0[i]! * side1[i]!;
  let closureTp = 0;
  let positivesCross = 0;
  for (let i = 0; i < truth.length; i += 2) {
    const a = truth[i]!;
    const b = truth[i + 1]!;
    if (!isCross(a, b)) continue;
    positivesCross++;
    if (uf.find(a) === uf.find(b)) closureTp++;
  }
  return {
    positives: positivesCross,
    pairs: pairMetrics(predicted, tp, positivesCross),
    closure: pairMetrics(closurePredicted, closureTp, positivesCross),
  };
}
