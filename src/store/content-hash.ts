/**
 * A record's content: the values of every field verification compares, hashed to one number. Records of
 * equal content are one record written again (a system fault that wrote an onboarding 25 times, an
 * application submitted again under a new merchant_id): nothing tells them apart but merchant_id,
 * created_at and the channel, which verification does not compare.
 *
 * Corpus frequencies count distinct records, not records (candidates/bucket-pairs.ts): how common a name is
 * in a city, and whether an identifier value is generic (carried by so many merchants that it says nothing
 * of any one). Counted in records, a shop copied 25 times made its own licence, ID number and account
 * generic and its own name common, so its copies scored as strangers and were never found.
 *
 * Only content that names one business counts as one: a licence, an ID number, an account, a terminal, an
 * address or a position. A record of a name and a phone only (水果店 on an agent's phone) has no content
 * value (NaN): twenty such records may be twenty shops, and each counts on its own.
 *
 * 52 bits (two Murmur3 passes, an exact integer in a double): two different contents among the members
 * of one bucket (thousands at most) share a value with odds below 1 in 10^9.
 */
import { fmix32, murmurRound } from '../sketch/shingles.js';

const SEED_HI = 0x2545f491;
const SEED_LO = 0x7a3c9d1b;
/** Bits of the first pass kept above the second's 32: 52 in all, exact in a double. */
const HIGH_BITS = 20;

/** One record's hash, fed field by field in a fixed order (appendMerchant); reused record after record. */
export class ContentHasher {
  private h1 = SEED_HI;
  private h2 = SEED_LO;
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);

  begin(): void {
    this.h1 = SEED_HI;
    this.h2 = SEED_LO;
  }

  /**
   * Text held as UTF-16 code units[from, to) (a store's columns), its length first. Several fields hashed
   * as one span need their boundaries fed too (`int`): 'ab' + 'c' is not 'a' + 'bc'.
   */
  units(units: Uint16Array, from: number, to: number): void {
    let h1 = murmurRound(this.h1, to - from);
    let h2 = murmurRound(this.h2, (to - from) ^ 0x10000);
    // Two code units a round: this runs for every record read.
    let i = from;
    for (; i + 1 < to; i += 2) {
      const w = units[i]! | (units[i + 1]! << 16);
      h1 = murmurRound(h1, w);
      h2 = murmurRound(h2, w ^ 0x9e3779b9);
    }
    if (i < to) {
      h1 = murmurRound(h1, units[i]!);
      h2 = murmurRound(h2, units[i]! ^ 0x9e3779b9);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** A whole number below 2^31 (a length, a code) or NaN, cheaper than `number`. */
  int(v: number): void {
    const w = v !== v ? -1 : v | 0;
    this.h1 = murmurRound(this.h1, w);
    this.h2 = murmurRound(this.h2, w ^ 0x9e3779b9);
  }

  /** A number field, by its bits (every NaN alike, and -0 as 0). */
  number(v: number): void {
    this.bits[0] = v !== v ? NaN : v === 0 ? 0 : v;
    const lo = this.words[0]!;
    const hi = this.words[1]!;
    this.h1 = murmurRound(murmurRound(this.h1, lo), hi);
    this.h2 = murmurRound(murmurRound(this.h2, hi), lo);
  }

  /** The content value: a non-negative integer below 2^52. */
  value(): number {
    return (fmix32(this.h1) >>> (32 - HIGH_BITS)) * 0x100000000 + fmix32(this.h2);
  }
}
