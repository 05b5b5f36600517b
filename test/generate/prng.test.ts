import { describe, it, expect } from 'vitest';
import { hashSeed, Prng } from '../../src/generate/prng.js';

describe('Prng', () => {
  it('repeats its stream for the same seed and stream, and differs otherwise', () => {
    const draw = (p: Prng): number[] => Array.from({ length: 8 }, () => p.u32());
    expect(draw(new Prng(42, 1))).toEqual(draw(new Prng(42, 1)));
    expect(draw(new Prng(42, 1))).not.toEqual(draw(new Prng(42, 2)));
    expect(draw(new Prng(42, 1))).not.toEqual(draw(new Prng(43, 1)));
    const p = new Prng(9);
    const first = draw(p);
    expect(draw(p.reseed(9))).toEqual(first);
  });

  it('keeps every draw in range', () => {
    const p = new Prng(7);
    for (let i = 0; i < 10_000; i++) {
      const f = p.float();
      expect(f >= 0 && f < 1).toBe(true);
      const r = p.range(3, 5);
      expect(r >= 3 && r <= 5 && Number.isInteger(r)).toBe(true);
    }
    expect(p.digits(12)).toMatch(/^\d{12}$/);
    expect(p.digits(1)).toMatch(/^\d$/);
  });

  it('is roughly uniform', () => {
    const p = new Prng(11);
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) buckets[p.int(10)]! += 1;
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(n / 100);
  });

  it('hashSeed separates neighbouring inputs and is order-sensitive', () => {
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(hashSeed(1, 2)).not.toBe(hashSeed(1, 3));
    expect(hashSeed(1, 2)).toBe(hashSeed(1, 2));
  });
});
