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

/** `hashKey64` of the text held as UTF-16 code units in units[from, to) (a store's text column): no string made. */
export function hashUnits64(units: Uint16Array, from: number, to: number, salt: number, out: Uint32Array, at: number): void {
  let h1 = murmurRound(SEED_HI, salt);
  let h2 = murmurRound(SEED_LO, salt ^ 0x9e3779b9);
  for (let i = from; i < to; i++) {
    const c = units[i]!;
    h1 = murmurRound(h1, c);
    h2 = murmurRound(h2, c + 0x10000);
  }
  out[at] = fmix32(h1 ^ (to - from));
  out[at + 1] = fmix32(h2 ^ (to - from));
}

/** Code unit that joins the two parts of a compound key (name + '|' + city code). */
const JOIN = 0x7c; // |
/** Largest number `hashJoinedKey64` writes digit by digit; past it, `String(n)` (never for a geo cell). */
const MAX_DIGIT_KEY = 0x7fff_ffff;
const DECIMAL = 10;
/** Decimal digits of the current number, least significant first (a uint31 has at most 10). */
const digits = new Uint8Array(10);

/**
 * `hashKey64(a + '|' + b)`, the same two words, without building the joined string: compound keys are
 * made for every record, and each joined string is an allocation and a flattening before it is read.
 * A number `b` stands for its decimal text (`String(b)`).
 */
export function hashJoinedKey64(a: string, b: string | number, salt: number, out: Uint32Array, at: number): void {
  if (typeof b === 'number' && !(Number.isInteger(b) && b >= 0 && b <= MAX_DIGIT_KEY)) b = String(b);
  let h1 = murmurRound(SEED_HI, salt);
  let h2 = murmurRound(SEED_LO, salt ^ 0x9e3779b9);
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    h1 = murmurRound(h1, c);
    h2 = murmurRound(h2, c + 0x10000);
  }
  h1 = murmurRound(h1, JOIN);
  h2 = murmurRound(h2, JOIN + 0x10000);
  let length = a.length + 1;
  if (typeof b === 'string') {
    for (let i = 0; i < b.length; i++) {
      const c = b.charCodeAt(i);
      h1 = murmurRound(h1, c);
      h2 = murmurRound(h2, c + 0x10000);
    }
    length += b.length;
  } else {
    let n = 0;
    let v = b;
    do {
      digits[n++] = v % DECIMAL;
      v = Math.floor(v / DECIMAL);
    } while (v > 0);
    for (let i = n - 1; i >= 0; i--) {
      const c = 0x30 + digits[i]!;
      h1 = murmurRound(h1, c);
      h2 = murmurRound(h2, c + 0x10000);
    }
    length += n;
  }
  out[at] = fmix32(h1 ^ length);
  out[at + 1] = fmix32(h2 ^ length);
}

/** 32-bit hash of `s` (one Murmur3 pass): for comparisons that a text check confirms afterwards. */
export function hashString32(s: string, salt: number): number {
  let h = murmurRound(SEED_LO, salt);
  for (let i = 0; i < s.length; i++) h = murmurRound(h, s.charCodeAt(i));
  return fmix32(h ^ s.length);
}
