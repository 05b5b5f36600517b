/**
 * Stable LSD radix sort of 64-bit keys held as (hi, lo) uint32 pairs: returns the permutation that orders
 * them. Four passes of 16-bit digits, O(n) time and 2 Int32Arrays of scratch. Comparison sorts of tens of
 * millions of keys in JS cost seconds; this costs ~10 ns per key. Stability matters: entries with equal keys
 * keep their input order, which is global record order, so bucket members come out sorted by record.
 */
const DIGIT_BITS = 16;
const RADIX = 1 << DIGIT_BITS;
const DIGIT_MASK = RADIX - 1;

export function sortKeyOrder(hi: Uint32Array, lo: Uint32Array, n: number): Int32Array {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Int32Array(n);
  const counts = new Int32Array(RADIX);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = (pass & 1) * DIGIT_BITS;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(src[i]! >>> shift) & DIGIT_MASK]!++;
    // A pass where every key has the same digit leaves the order unchanged: skip its scatter.
    if (counts[(src[0]! >>> shift) & DIGIT_MASK] === n) continue;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const e = order[i]!;
      scratch[counts[(src[e]! >>> shift) & DIGIT_MASK]!++] = e;
    }
    const t = order;
    order = scratch;
    scratch = t;
  }
  return order;
}
