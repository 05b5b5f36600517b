/**
 * Character k-shingles of a short normalized string (a shop-name core such as 张记牛肉面, an address
 * such as 中山路18号), hashed to 32 bits and written as a set into a caller-provided Uint32Array.
 *
 * Characters are Unicode code points, not UTF-16 code units: rare characters of personal and place
 * names live in the CJK extension planes (𠮷 is U+20BB7) and are surrogate pairs; code-unit shingles
 * would split them into halves shared by thousands of unrelated characters.
 *
 * Hash: MurmurHash3_x86_32 (Austin Appleby, public domain) with each code point as one 32-bit block
 * and the finaliser `fmix32`. Every product goes through Math.imul, so no intermediate leaves 32 bits
 * and nothing depends on double rounding: the same string hashes identically in every worker.
 *
 * Output invariant: out[0..n) is strictly ascending (a set). `exactJaccard` merges two such sets in
 * linear time, and MinHash does n, not "number of shingles with repeats", hash evaluations per slot.
 */

/** MurmurHash3 x86_32 block constants (Appleby, MurmurHash3.cpp). */
const MURMUR_C1 = 0xcc9e2d51;
const MURMUR_C2 = 0x1b873593;
const MURMUR_ROUND_ADD = 0xe6546b64;
/** fmix32 multipliers: chosen by Appleby for full avalanche of a 32-bit state. */
const FMIX_M1 = 0x85ebca6b;
const FMIX_M2 = 0xc2b2ae35;

/** Seed of the shingle hash. Fixed (not `SketchParams.seed`): shingle hashes are the universe that the
 * seeded permutations act on, and a fixed universe lets tests pin exact hash values. */
export const SHINGLE_HASH_SEED = 0x2f0b_1d5a;

/** At or below this many shingles an insertion sort beats `TypedArray.prototype.sort` and allocates
 * nothing; the inputs this stage sees (2-30 characters) always stay below it. */
const INSERTION_SORT_MAX = 48;

/** Murmur3's 32-bit finaliser: a bijection on uint32 with full avalanche. Returns a uint32. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, FMIX_M1);
  h ^= h >>> 13;
  h = Math.imul(h, FMIX_M2);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One Murmur3 block round: folds the 32-bit block `k` into state `h`. Returns an int32 state. */
export function murmurRound(h: number, k: number): number {
  k = Math.imul(k, MURMUR_C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, MURMUR_C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + MURMUR_ROUND_ADD) | 0;
}

/** Code points of the current string. Module scope, so one per worker; it only grows, so steady state
 * allocates nothing. Safe because `shingleHashes` runs to completion without calling out. */
let codePoints = new Uint32Array(64);

/**
 * Upper bound on the shingles of `s`: size `out` with it. Code-unit length bounds the code-point count.
 * A non-empty string shorter than k still yields one shingle (itself).
 */
export function shingleCapacity(s: string, k: number): number {
  return Math.max(1, s.length - k + 1);
}

/**
 * Writes the distinct hashed k-shingles of `s`, ascending, into out[0..n) and returns n.
 * A non-empty string with fewer than k characters yields itself as one shingle; '' yields none
 * (callers must not sketch an empty set: every empty field would land in one LSH bucket).
 * @throws RangeError when k is not a positive integer or `out` is shorter than `shingleCapacity(s, k)`.
 */
export function shingleHashes(s: string, k: number, out: Uint32Array, seed: number = SHINGLE_HASH_SEED): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (out.length < shingleCapacity(s, k)) {
    throw new RangeError(`out holds ${out.length} hashes; "${s}" needs ${shingleCapacity(s, k)} for k=${k}`);
  }
  if (codePoints.length < s.length) codePoints = new Uint32Array(Math.max(s.length, codePoints.length * 2));
  const cps = codePoints;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one astral code point; a lone surrogate stays as is.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cps[n++] = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    cps[n++] = c;
  }
  if (n === 0) return 0;
  const width = Math.min(k, n);
  const count = n - width + 1;
  // Murmur3 finalises with the input length in bytes; each block is 4 bytes.
  const lengthBytes = width * 4;
  for (let i = 0; i < count; i++) {
    let h = seed | 0;
    for (let j = 0; j < width; j++) h = murmurRound(h, cps[i + j]!);
    out[i] = fmix32(h ^ lengthBytes);
  }
  return sortUnique(out, count);
}

/** Sorts out[0..count) ascending and removes repeats in place; returns the distinct count. */
function sortUnique(out: Uint32Array, count: number): number {
  if (count <= INSERTION_SORT_MAX) {
    for (let i = 1; i < count; i++) {
      const v = out[i]!;
      let j = i - 1;
      while (j >= 0 && out[j]! > v) {
        out[j + 1] = out[j]!;
        j--;
      }
      out[j + 1] = v;
    }
  } else {
    // Only for inputs far longer than a name or address; the subarray view is the one allocation.
    out.subarray(0, count).sort();
  }
  let m = count > 0 ? 1 : 0;
  for (let i = 1; i < count; i++) {
    const v = out[i]!;
    if (v !== out[m - 1]) out[m++] = v;
  }
  return m;
}
