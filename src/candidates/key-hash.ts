/**
 * 64-bit hash of an exact blocking key (a uscc, a phone, a name core + city code …) as two uint32 words:
 * two MurmurHash3_x86_32 passes over the UTF-16 code units with independent seeds. Pure JS beats a WASM
 * call for keys this short (11-30 code units; see bench/sketch). 64 bits, because a 32-bit key space
 * makes birthday collisions past ~65k distinct keys, and every collision is a false bucket.
 */
import { fmix32, murmurRound } from '../sketch/shingles.js';

const SEED_HI = 0x5bd1e995;
const SEED_LO = 0x1b873593;

/** Writes the 64-bit hash of `s` (with `salt` folded in first) into out[at], out[at + 1] as (hi, lo). */
export function hashKey64(s: string, salt: number, out: Uint32Array, at: number): void {
  let h1 = murmurRound(SEED_HI, salt);
  let h2 = murmurRound(SEED_LO, salt ^ 0x9e3779b9);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = murmurRound(h1, c);
    h2 = murmurRound(h2, c + 0x10000);
  }
  out[at] = fmix32(h1 ^ s.length);
  out[at + 1] = fmix32(h2 ^ s.length);
}

/** 32-bit hash of `s` (one Murmur3 pass): for comparisons that a text check confirms afterwards. */
export function hashString32(s: string, salt: number): number {
  let h = murmurRound(SEED_LO, salt);
  for (let i = 0; i < s.length; i++) h = murmurRound(h, s.charCodeAt(i));
  return fmix32(h ^ s.length);
}
