/**
 * MinHash variants that hash each shingle once or twice instead of numPerm times.
 *
 * `ophSignature`: one-permutation hashing (Li, Owen & Zhang, "One Permutation Hashing", NIPS 2012)
 * with optimal densification (Shrivastava, "Optimal Densification for Fast and Accurate Minwise
 * Hashing", ICML 2017). One permutation π_0 splits the hash range into numPerm equal bins; slot i is
 * the minimum π_0(x) falling in bin i. Short strings leave most bins empty (5 bigrams in 128 bins), so
 * each empty bin copies the value of the first non-empty bin on its seeded, data-independent probe
 * sequence; two sets then copy from the same bin exactly when they agree on which bins are empty,
 * which keeps P(slot match) = Jaccard. Cost O(n + numPerm²/m) for m non-empty bins: the probing
 * dominates on short strings, which is why the first probes are precomputed in `Permutations.densify`.
 *
 * `cMinHashSignature`: C-MinHash (Li & Li, "C-MinHash: Rigorously Reducing K Permutations to Two",
 * 2021). Slot k is min over x of π((σ(x) + k) mod 2^32): one initial permutation σ, then circulant
 * shifts of one permutation π (σ = pair 0, π = pair 1 of `Permutations`). The paper's variance gain
 * over k-perm comes from shifts of a permutation of a universe not much larger than the set; here the
 * universe is 2^32 hashes, so expect k-perm accuracy and cost, with two permutations' state.
 */

import {
  checkSignatureRanges,
  DENSIFY_TABLE_DEPTH,
  densifyCandidate,
  EMPTY_SLOT,
  type SignatureFunction,
} from './minhash-params.js';
import { fmix32 } from './shingles.js';

const UINT32_RANGE = 0x1_0000_0000;

/** Which bins a shingle landed in, for the current record. Module scope (one per worker), grows only;
 * EMPTY_SLOT cannot mark emptiness because a real minimum may equal 0xffffffff. */
let filled = new Uint8Array(128);
/** σ(x) of the current record's shingles for C-MinHash. Same lifetime rules as `filled`. */
let sigma = new Uint32Array(64);

export const ophSignature: SignatureFunction = (hashes, count, perms, out, offset) => {
  const { numPerm, seed } = perms.params;
  checkSignatureRanges(hashes, count, out, offset, numPerm);
  if (perms.densify.length !== numPerm * DENSIFY_TABLE_DEPTH) {
    throw new RangeError(`permutations were built for variant ${perms.params.variant}, not oph`);
  }
  if (filled.length < numPerm) filled = new Uint8Array(numPerm);
  const a0 = perms.a[0]!;
  const b0 = perms.b[0]!;
  for (let i = 0; i < numPerm; i++) {
    out[offset + i] = EMPTY_SLOT;
    filled[i] = 0;
  }
  let nonEmpty = 0;
  for (let j = 0; j < count; j++) {
    const h = fmix32((Math.imul(a0, hashes[j]!) + b0) | 0);
    // Bin = top of the hash range; h * numPerm < 2^42 is exact in a double.
    const bin = Math.floor((h * numPerm) / UINT32_RANGE);
    if (filled[bin] === 0) {
      filled[bin] = 1;
      nonEmpty++;
      out[offset + bin] = h;
    } else if (h < out[offset + bin]!) {
      out[offset + bin] = h;
    }
  }
  // An empty set has no bin to copy from: leave it all EMPTY_SLOT, as k-perm does.
  if (nonEmpty === 0 || nonEmpty === numPerm) return;
  const table = perms.densify;
  for (let i = 0; i < numPerm; i++) {
    if (filled[i] === 1) continue;
    let source = -1;
    const row = i * DENSIFY_TABLE_DEPTH;
    for (let t = 0; t < DENSIFY_TABLE_DEPTH; t++) {
      const c = table[row + t]!;
      if (filled[c] === 1) {
        source = c;
        break;
      }
    }
    // Terminates with probability 1: each probe hits one of nonEmpty >= 1 bins with p = nonEmpty/numPerm.
    for (let attempt = DENSIFY_TABLE_DEPTH + 1; source < 0; attempt++) {
      const c = densifyCandidate(seed, i, attempt, numPerm);
      if (filled[c] === 1) source = c;
    }
    out[offset + i] = out[offset + source]!;
  }
};

export const cMinHashSignature: SignatureFunction = (hashes, count, perms, out, offset) => {
  const numPerm = perms.params.numPerm;
  checkSignatureRanges(hashes, count, out, offset, numPerm);
  if (sigma.length < count) sigma = new Uint32Array(Math.max(count, sigma.length * 2));
  const s = sigma;
  const a0 = perms.a[0]!;
  const b0 = perms.b[0]!;
  for (let j = 0; j < count; j++) s[j] = fmix32((Math.imul(a0, hashes[j]!) + b0) | 0);
  const a1 = perms.a[1]!;
  const b1 = perms.b[1]!;
  for (let k = 0; k < numPerm; k++) {
    let min = EMPTY_SLOT;
    for (let j = 0; j < count; j++) {
      const h = fmix32((Math.imul(a1, (s[j]! + k) | 0) + b1) | 0);
      if (h < min) min = h;
    }
    out[offset + k] = min;
  }
};
