/**
 * Seeded pseudo-random numbers for the corpus generator: sfc32 (Chris Doty-Humphrey's "Small Fast
 * Counting" generator from PractRand), 128 bits of state, 32-bit integer arithmetic only (`Math.imul`,
 * `>>> 0`), so every platform produces the same stream. Never `Math.random`: a corpus must be
 * reproducible from `(n, seed)` alone.
 *
 * Streams are addressed, not sequential: `reseed(hashSeed(seed, group), entity)` gives any entity its
 * own stream, so a record can be regenerated in any order (the generator writes in shuffled order).
 */

/** 2^32 as a float divisor: maps a uint32 onto [0, 1). */
const UINT32_RANGE = 4294967296;
/** Steps discarded after seeding; sfc32's author recommends 12 to decorrelate nearby seeds. */
const WARM_UP_ROUNDS = 12;
/** Fractional part of the golden ratio × 2^32, the usual odd constant for seed spreading. */
const GOLDEN_GAMMA = 0x9e3779b9;
/** Decimal digits drawn from one uint32 (10^9 < 2^32; the bias of ≤ 5 / 4.3 is irrelevant here). */
const DIGITS_PER_DRAW = 9;
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** murmur3's 32-bit finaliser: full avalanche, so adjacent integers give unrelated seeds. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seed for sub-stream `b` of seed `a` (order matters: hashSeed(a, b) ≠ hashSeed(b, a)). */
export function hashSeed(a: number, b: number): number {
  return mix32((mix32(a + GOLDEN_GAMMA) ^ Math.imul(b + 1, GOLDEN_GAMMA)) >>> 0);
}

export class Prng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number, stream = 0) {
    this.reseed(seed, stream);
  }

  /** Restart on stream `stream` of `seed`, reusing this object (no allocation in hot loops). */
  reseed(seed: number, stream = 0): this {
    this.a = mix32(seed);
    this.b = mix32(stream ^ GOLDEN_GAMMA);
    this.c = hashSeed(seed, stream);
    this.d = 1;
    for (let i = 0; i < WARM_UP_ROUNDS; i++) this.u32();
    return this;
  }

  /** Next uint32. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / UINT32_RANGE;
  }

  /** Uniform integer in [0, n); n ≤ 2^32 (bias below 2^-32 × n, irrelevant for test data). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** `count` decimal digits (leading zeros kept). */
  digits(count: number): string {
    let s = '';
    let left = count;
    while (left > 0) {
      const k = left < DIGITS_PER_DRAW ? left : DIGITS_PER_DRAW;
      s += String(this.int(POWERS_OF_TEN[k]!)).padStart(k, '0');
      left -= k;
    }
    return s;
  }

  /** Standard normal deviate (Box–Muller; one of the pair is discarded to keep the state simple). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }
}
