import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashJoinedKey64, hashKey64, hashUnits64 } from '../../src/candidates/key-hash.js';

function joined(a: string, b: string | number, salt: number): number[] {
  const out = new Uint32Array(2);
  hashJoinedKey64(a, b, salt, out, 0);
  return [...out];
}

function plain(s: string, salt: number): number[] {
  const out = new Uint32Array(2);
  hashKey64(s, salt, out, 0);
  return [...out];
}

describe('hashJoinedKey64', () => {
  it('is the hash of the joined text, for the compound keys of a record', () => {
    expect(joined('兰州拉面', '3301', 6)).toEqual(plain('兰州拉面|3301', 6));
    expect(joined('市心北路845号', '3301', 7)).toEqual(plain('市心北路845号|3301', 7));
    expect(joined('百乡', 21_012_345, 8)).toEqual(plain('百乡|21012345', 8));
    expect(joined('', '', 0)).toEqual(plain('|', 0));
  });

  it('writes a number as its decimal text, whatever its size or kind', () => {
    for (const n of [0, -0, 7, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -5, 1.5, NaN, Infinity, 1e21]) {
      expect(joined('ab', n, 3)).toEqual(plain('ab|' + String(n), 3));
    }
  });

  it('agrees with hashing the joined string, on any text and any integer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.nat()), fc.integer({ min: 0, max: 15 }), (a, b, salt) => {
        expect(joined(a, b, salt)).toEqual(plain(a + '|' + String(b), salt));
      }),
      { numRuns: 2000, seed: 20261201 },
    );
  });
});

describe('hashUnits64', () => {
  it('is hashKey64 of the text the code units spell, anywhere in a larger array', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.integer({ min: 0, max: 0xffff }), (s, pad, salt) => {
        const text = pad + s + pad;
        const units = Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
        const out = new Uint32Array(4);
        hashUnits64(units, pad.length, pad.length + s.length, salt, out, 2);
        expect([out[2], out[3]]).toEqual(plain(s, salt));
      }),
      { numRuns: 1000, seed: 20261202 },
    );
  });
});
