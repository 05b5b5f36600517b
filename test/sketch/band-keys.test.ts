import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAND_KEY_WORDS, bandKeys, bandKeyToHex, bandKeyToNumber } from '../../src/sketch/band-keys.js';

const uint32 = fc.nat({ max: 0xffff_ffff });

function keysOf(sig: Uint32Array, bands: number, rows: number): Uint32Array {
  const out = new Uint32Array(bands * BAND_KEY_WORDS);
  bandKeys({ bands, rows }, sig, 0, out, 0);
  return out;
}

describe('bandKeys', () => {
  it('gives equal keys iff the band rows are equal (random signatures)', () => {
    const rows = 4;
    const bands = 8;
    fc.assert(
      fc.property(
        fc.array(uint32, { minLength: bands * rows, maxLength: bands * rows }),
        fc.array(fc.boolean(), { minLength: bands * rows, maxLength: bands * rows }),
        uint32,
        (a, changed, other) => {
          const sa = Uint32Array.from(a);
          // b copies a except where `changed`: some bands equal, some differ in one or more rows.
          const sb = Uint32Array.from(a, (v, i) => (changed[i] && v !== other ? other : v));
          const ka = keysOf(sa, bands, rows);
          const kb = keysOf(sb, bands, rows);
          for (let j = 0; j < bands; j++) {
            const rowsEqual = sa.subarray(j * rows, (j + 1) * rows).every((v, r) => v === sb[j * rows + r]);
            const keyEqual = ka[2 * j] === kb[2 * j] && ka[2 * j + 1] === kb[2 * j + 1];
            expect(keyEqual).toBe(rowsEqual);
          }
        },
      ),
      { seed: 23, numRuns: 500 },
    );
  });

  it('gives equal rows in different bands different keys, in both words', () => {
    const bands = 64;
    const keys = keysOf(new Uint32Array(bands * 3).fill(42), bands, 3);
    const his = new Set<number>();
    const los = new Set<number>();
    for (let j = 0; j < bands; j++) {
      his.add(keys[2 * j]!);
      los.add(keys[2 * j + 1]!);
    }
    expect(his.size).toBe(bands);
    expect(los.size).toBe(bands);
  });

  it('has no collision among 200k keys of random bands (a 32-bit key space would expect ~5)', () => {
    const n = 200_000;
    const rows = 2;
    const sig = new Uint32Array(n * rows);
    let x = 1;
    for (let i = 0; i < sig.length; i++) sig[i] = x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const keys = new Uint32Array(n * BAND_KEY_WORDS);
    bandKeys({ bands: n, rows }, sig, 0, keys, 0);
    const seen = new Set<string>();
    const his = new Set<number>();
    const los = new Set<number>();
    for (let j = 0; j < n; j++) {
      seen.add(bandKeyToHex(keys[2 * j]!, keys[2 * j + 1]!));
      his.add(keys[2 * j]!);
      los.add(keys[2 * j + 1]!);
    }
    expect(seen.size).toBe(n);
    // Each word alone is a uniform 32-bit hash: n²/2^33 ≈ 4.7 expected collisions, not hundreds.
    expect(n - his.size).toBeLessThan(20);
    expect(n - los.size).toBeLessThan(20);
  });

  it('writes only its 2·bands words at the offset and ignores slots past bands × rows', () => {
    const sig = Uint32Array.of(7, 1, 2, 3, 4, 5, 6, 99);
    const out = new Uint32Array(8).fill(0xdead);
    bandKeys({ bands: 3, rows: 2 }, sig, 1, out, 1);
    expect(out[0]).toBe(0xdead);
    expect(out[7]).toBe(0xdead);
    const again = new Uint32Array(6);
    bandKeys({ bands: 3, rows: 2 }, Uint32Array.of(1, 2, 3, 4, 5, 6, 123), 0, again, 0);
    expect(out.subarray(1, 7)).toEqual(again);
  });

  it('refuses ranges that do not fit', () => {
    expect(() => bandKeys({ bands: 4, rows: 4 }, new Uint32Array(15), 0, new Uint32Array(8), 0)).toThrow(RangeError);
    expect(() => bandKeys({ bands: 4, rows: 4 }, new Uint32Array(16), 0, new Uint32Array(7), 0)).toThrow(RangeError);
  });
});

describe('bandKeyToNumber / bandKeyToHex', () => {
  it('packs 53 bits into an exact integer and 64 bits into 16 hex digits', () => {
    expect(bandKeyToNumber(0xffff_ffff, 0xffff_ffff)).toBe(Number.MAX_SAFE_INTEGER);
    expect(bandKeyToNumber(0, 5)).toBe(5);
    expect(bandKeyToNumber(1, 0)).toBe(2 ** 32);
    expect(bandKeyToHex(0xdeadbeef, 0x1)).toBe('deadbeef00000001');
    fc.assert(
      fc.property(uint32, uint32, (hi, lo) => {
        const n = bandKeyToNumber(hi, lo);
        expect(Number.isSafeInteger(n)).toBe(true);
        expect(n % 2 ** 32).toBe(lo);
        expect(parseInt(bandKeyToHex(hi, lo).slice(8), 16)).toBe(lo);
        expect(parseInt(bandKeyToHex(hi, lo).slice(0, 8), 16)).toBe(hi);
      }),
      { seed: 29 },
    );
  });
});
