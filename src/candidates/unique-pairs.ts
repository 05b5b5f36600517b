/**
 * Unique unordered pairs from a flat [a0, b0, a1, b1, …] list of dense ids, self-pairs dropped. Returns the
 * same flat layout with a < b, sorted by (a, b). Radix-sorted (sort-keys.ts): the lists hold millions of
 * pairs, many repeated (a pair found by several bands), and a comparison sort would dominate verification.
 */
import { sortKeys } from './sort-keys.js';

export function uniquePairs(flat: Int32Array | Uint32Array): Int32Array {
  const total = flat.length >>> 1;
  const lo = new Uint32Array(total);
  const hi = new Uint32Array(total);
  let k = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const a = flat[i]!;
    const b = flat[i + 1]!;
    if (a === b) continue;
    hi[k] = a < b ? a : b;
    lo[k] = a < b ? b : a;
    k++;
  }
  const sorted = sortKeys(hi, lo, k);
  const out = new Int32Array(k * 2);
  let m = 0;
  let prevA = -1;
  let prevB = -1;
  for (let i = 0; i < k; i++) {
    const a = sorted.hi[i]!;
    const b = sorted.lo[i]!;
    if (a === prevA && b === prevB) continue;
    out[m++] = a;
    out[m++] = b;
    prevA = a;
    prevB = b;
  }
  return out.slice(0, m);
}
