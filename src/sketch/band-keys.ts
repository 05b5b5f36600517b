/**
 * LSH band keys: band j of a signature (slots j*rows .. j*rows+rows-1) hashed, with j, to a 64-bit key
 * held as two uint32 words (hi, lo). Two records are candidates when they share a key.
 *
 * Why 64 bits: keys of unequal bands collide by chance with probability 2^-bits per pair. With 32-bit
 * keys the birthday bound bites at ~65k keys (2^16); a band of a 30-million-record corpus holds up to
 * 3·10^7 keys, i.e. ~4.5·10^14 pairs and ~10^5 accidental 32-bit collisions per band, each a false
 * candidate pair (and each joining two otherwise unrelated buckets). With 64 bits the same band expects
 * ~2.4·10^-5 collisions.
 *
 * The band index is hashed in, so equal rows in different bands give different keys, and one hash
 * table can hold every band. The words come from two different hash constructions (Murmur3 x86_32 for
 * hi, an xxHash32-style accumulator for lo) so they do not share a seed-independent collision.
 *
 * Layout: key j of a record is out[outOffset + 2j] (hi), out[outOffset + 2j + 1] (lo).
 */

import type { SketchParams } from './minhash-params.js';
import { fmix32, murmurRound } from './shingles.js';

/** uint32 words per band key. */
export const BAND_KEY_WORDS = 2;

/** Seeds of the two words: arbitrary but fixed, so keys are stable across processes and releases. */
const HI_SEED = 0x6d2b_79f5;
const LO_SEED = 0x1b56_c4e9;
/** xxHash32 primes (Yann Collet, xxhash.h): PRIME32_2/3 for the band index and the avalanche,
 * PRIME32_3/4 for the small-input round, PRIME32_5 for the seed offset. */
const XXH_PRIME2 = 0x85eb_ca77;
const XXH_PRIME3 = 0xc2b2_ae3d;
const XXH_PRIME4 = 0x27d4_eb2f;
const XXH_PRIME5 = 0x1656_67b1;
/** 2^32 as a double, for the 53-bit packing. */
const TWO_POW_32 = 0x1_0000_0000;
/** hi bits kept by `bandKeyToNumber`: 21 + 32 = 53, the exact-integer range of a double. */
const HI_MASK_53 = 0x1f_ffff;

/** xxHash32 small-input round: acc = rotl(acc + v·P3, 17)·P4. */
function xxRound(acc: number, v: number): number {
  acc = (acc + Math.imul(v, XXH_PRIME3)) | 0;
  return Math.imul((acc << 17) | (acc >>> 15), XXH_PRIME4);
}

/** xxHash32's final avalanche (XXH32_avalanche). Returns a uint32. */
function xxAvalanche(h: number): number {
  h = Math.imul(h ^ (h >>> 15), XXH_PRIME2);
  h = Math.imul(h ^ (h >>> 13), XXH_PRIME3);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Writes `params.bands` keys of the signature at sig[sigOffset..) to out[outOffset..), 2 words each.
 * Slots past bands*rows (when bands*rows < numPerm) are not read.
 * @throws RangeError when the signature or the keys do not fit their arrays.
 */
export function bandKeys(
  params: Pick<SketchParams, 'bands' | 'rows'>,
  sig: Uint32Array,
  sigOffset: number,
  out: Uint32Array,
  outOffset: number,
): void {
  const { bands, rows } = params;
  if (!Number.isInteger(sigOffset) || sigOffset < 0 || sigOffset + bands * rows > sig.length) {
    throw new RangeError(`${bands}×${rows} slots at offset ${sigOffset} do not fit in sig (length ${sig.length})`);
  }
  if (!Number.isInteger(outOffset) || outOffset < 0 || outOffset + bands * BAND_KEY_WORDS > out.length) {
    throw new RangeError(`${bands} band keys at offset ${outOffset} do not fit in out (length ${out.length})`);
  }
  // Both words hash rows + 1 blocks (band index first); lengths in bytes as Murmur3/xxHash32 finalise.
  const lengthBytes = (rows + 1) * 4;
  for (let j = 0; j < bands; j++) {
    let hi = murmurRound(HI_SEED, j);
    let lo = xxRound((LO_SEED + XXH_PRIME5 + lengthBytes) | 0, Math.imul(j + 1, XXH_PRIME2));
    const base = sigOffset + j * rows;
    for (let r = 0; r < rows; r++) {
      const v = sig[base + r]!;
      hi = murmurRound(hi, v);
      lo = xxRound(lo, v);
    }
    out[outOffset + 2 * j] = fmix32(hi ^ lengthBytes);
    out[outOffset + 2 * j + 1] = xxAvalanche(lo);
  }
}

/**
 * A key as an exact JS integer below 2^53 (21 bits of hi, all of lo), for Map<number, …> keys, which
 * V8 hashes far faster than strings. Lossy: two keys that differ only in hi's top 11 bits map to one
 * number; at 3·10^7 keys per band that is ~5·10^-2 expected merges per band (a false candidate, which
 * verification drops). Use `bandKeyToHex` where exactness matters.
 */
export function bandKeyToNumber(hi: number, lo: number): number {
  return (hi & HI_MASK_53) * TWO_POW_32 + (lo >>> 0);
}

/** A key as 16 lowercase hex digits (hi then lo): lossless and bigint-free. */
export function bandKeyToHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
