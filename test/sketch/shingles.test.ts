import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmix32, murmurRound, shingleCapacity, shingleHashes } from '../../src/sketch/shingles.js';

const CHARS = [...'张王李记牛肉面馆瑞幸咖啡中山路号东西南北店超市便利水果'];
const chineseString = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...CHARS), minLength, maxLength });

function hashesOf(s: string, k: number): number[] {
  const out = new Uint32Array(shingleCapacity(s, k));
  return Array.from(out.subarray(0, shingleHashes(s, k, out)));
}

describe('shingleHashes', () => {
  it('yields a string shorter than k as its one shingle', () => {
    expect(hashesOf('面', 2)).toHaveLength(1);
    expect(hashesOf('咖啡', 3)).toHaveLength(1);
    // The short string's shingle is the string itself, so it differs from either character alone.
    expect(hashesOf('咖啡', 3)).not.toEqual(hashesOf('咖', 3));
  });

  it('yields no shingle for the empty string', () => {
    expect(shingleHashes('', 2, new Uint32Array(1))).toBe(0);
  });

  it('counts n - k + 1 shingles of a string without repeats', () => {
    expect(hashesOf('张记牛肉面', 2)).toHaveLength(4);
    expect(hashesOf('张记牛肉面', 3)).toHaveLength(3);
  });

  it('deduplicates repeated shingles', () => {
    // 哈哈哈哈 has three bigrams, all 哈哈.
    expect(hashesOf('哈哈哈哈', 2)).toHaveLength(1);
    expect(hashesOf('哈哈哈哈', 2)).toEqual(hashesOf('哈哈', 2));
  });

  it('writes a strictly ascending set, deterministically', () => {
    fc.assert(
      fc.property(chineseString(0, 40), fc.constantFrom(1, 2, 3), (s, k) => {
        const h = hashesOf(s, k);
        for (let i = 1; i < h.length; i++) expect(h[i]!).toBeGreaterThan(h[i - 1]!);
        expect(hashesOf(s, k)).toEqual(h);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('treats an astral character (surrogate pair) as one character', () => {
    // 𠮷 (U+20BB7) is two UTF-16 code units: 𠮷野家 is three characters, two bigrams.
    expect(hashesOf('𠮷野家', 2)).toHaveLength(2);
    expect(hashesOf('𠮷', 2)).toHaveLength(1);
  });

  it('pins the hash values, so a change of hash is a deliberate, visible break of stored sketches', () => {
    expect(hashesOf('瑞幸咖啡', 2)).toMatchInlineSnapshot(`
      [
        787438243,
        1809232432,
        3931217131,
      ]
    `);
  });

  it('leaves out past the returned count untouched when it is larger than needed', () => {
    const out = new Uint32Array(8).fill(7);
    const n = shingleHashes('张记', 2, out);
    expect(n).toBe(1);
    expect(Array.from(out.subarray(1))).toEqual([7, 7, 7, 7, 7, 7, 7]);
  });

  it('sorts and deduplicates long inputs beyond the insertion-sort range', () => {
    const s = '中山路'.repeat(40);
    const h = hashesOf(s, 2);
    expect(h).toHaveLength(3);
  });

  it('rejects an output array smaller than shingleCapacity and a bad k', () => {
    expect(() => shingleHashes('张记牛肉面', 2, new Uint32Array(3))).toThrow(RangeError);
    expect(() => shingleHashes('张记', 0, new Uint32Array(3))).toThrow(/k must be a positive integer/);
  });
});

describe('fmix32 and murmurRound', () => {
  it('is the Murmur3 finaliser (reference values)', () => {
    expect(fmix32(0)).toBe(0);
    // fmix32(1) from MurmurHash3.cpp's finaliser applied to 0x00000001.
    expect(fmix32(1)).toBe(0x514e28b7);
  });

  it('with murmurRound is MurmurHash3_x86_32 (published test vectors for one 4-byte block)', () => {
    // Bytes 21 43 65 87 (one little-endian block 0x87654321), seed 0 and seed 0x5082edee.
    expect(fmix32(murmurRound(0, 0x87654321) ^ 4)).toBe(0xf55b516b);
    expect(fmix32(murmurRound(0x5082edee, 0x87654321) ^ 4)).toBe(0x2362f9de);
  });
});
