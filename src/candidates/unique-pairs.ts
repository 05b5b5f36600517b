/**
 * Unique unordered pairs from a flat [a0, b0, a1, b1, …] list of dense ids below `n`, self-pairs dropped.
 * Returns the same flat layout with a < b, sorted. Keys a*n+b stay exact below 2^53 for n < 9.4e7.
 */
export function uniquePairs(flat: Int32Array | Uint32Array, n: number): Int32Array {
  const keys = new Float64Array(flat.length >>> 1);
  let k = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const a = flat[i]!;
    const b = flat[i + 1]!;
    if (a === b) continue;
    keys[k++] = a < b ? a * n + b : b * n + a;
  }
  const sorted = keys.subarray(0, k).sort();
  const out = new Int32Array(k * 2);
  let m = 0;
  for (let i = 0; i < k; i++) {
    const key = sorted[i]!;
    if (i > 0 && key === sorted[i - 1]!) continue;
    const a = Math.floor(key / n);
    out[m++] = a;
    out[m++] = key - a * n;
  }
  return out.slice(0, m);
}
