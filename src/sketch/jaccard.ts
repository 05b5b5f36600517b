/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two shingle-hash sets, and its MinHash estimate (the
 * fraction of equal signature slots). For tests, benches and accuracy reports; verification compares
 * the strings themselves.
 */

import { assertCompatible, type SketchParams } from './minhash-params.js';

/**
 * Exact Jaccard of a[0..aCount) and b[0..bCount), both strictly ascending as `shingleHashes` writes
 * them. Two empty sets give 0, not 1: two blank fields are no evidence of a duplicate.
 */
export function exactJaccard(a: Uint32Array, aCount: number, b: Uint32Array, bCount: number): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < aCount && j < bCount) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
  }
  const union = aCount + bCount - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * Fraction of equal slots between the signatures at sigA[offsetA..) and sigB[offsetB..), built with
 * `paramsA` and `paramsB`.
 * @throws DedupError E_SKETCH_MISMATCH when the signatures were built with different parameters.
 */
export function estimatedJaccard(
  paramsA: SketchParams,
  sigA: Uint32Array,
  offsetA: number,
  paramsB: SketchParams,
  sigB: Uint32Array,
  offsetB: number,
): number {
  assertCompatible(paramsA, paramsB, 'signature');
  const numPerm = paramsA.numPerm;
  if (offsetA + numPerm > sigA.length || offsetB + numPerm > sigB.length || offsetA < 0 || offsetB < 0) {
    throw new RangeError(`a ${numPerm}-slot signature does not fit at offsets ${offsetA}, ${offsetB}`);
  }
  let equal = 0;
  for (let i = 0; i < numPerm; i++) if (sigA[offsetA + i] === sigB[offsetB + i]) equal++;
  return equal / numPerm;
}
