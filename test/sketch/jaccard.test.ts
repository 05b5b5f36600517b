import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasCode } from '../../src/errors.js';
import { estimatedJaccard, exactJaccard } from '../../src/sketch/jaccard.js';
import { createSketchParams } from '../../src/sketch/minhash-params.js';
import { shingleCapacity, shingleHashes } from '../../src/sketch/shingles.js';

function set(s: string): [Uint32Array, number] {
  const out = new Uint32Array(shingleCapacity(s, 2));
  return [out, shingleHashes(s, 2, out)];
}

describe('exactJaccard', () => {
  it('is |A∩B| / |A∪B| of the bigram sets', () => {
    // 张记牛肉面 {张记 记牛 牛肉 肉面}, 李记牛肉面 {李记 记牛 牛肉 肉面}: 3 shared of 5.
    expect(exactJaccard(...set('张记牛肉面'), ...set('李记牛肉面'))).toBeCloseTo(3 / 5, 12);
    expect(exactJaccard(...set('瑞幸咖啡'), ...set('瑞幸咖啡'))).toBe(1);
    expect(exactJaccard(...set('瑞幸咖啡'), ...set('中山路'))).toBe(0);
  });

  it('gives 0 for two empty sets: blank fields are no evidence of a duplicate', () => {
    expect(exactJaccard(new Uint32Array(0), 0, new Uint32Array(0), 0)).toBe(0);
  });

  it('agrees with a Set-based reference on random sorted sets', () => {
    const sorted = fc.uniqueArray(fc.nat({ max: 60 }), { maxLength: 30 }).map((v) => Uint32Array.from(v).sort());
    fc.assert(
      fc.property(sorted, sorted, (a, b) => {
        const sa = new Set(a);
        const shared = [...b].filter((x) => sa.has(x)).length;
        const union = a.length + b.length - shared;
        expect(exactJaccard(a, a.length, b, b.length)).toBe(union === 0 ? 0 : shared / union);
      }),
      { seed: 17, numRuns: 300 },
    );
  });
});

describe('estimatedJaccard', () => {
  const params = createSketchParams({ numPerm: 4, bands: 1, rows: 4 });

  it('is the fraction of equal slots at the given offsets', () => {
    const sigs = Uint32Array.of(9, 1, 2, 3, 4, 1, 2, 0, 4);
    expect(estimatedJaccard(params, sigs, 1, params, sigs, 5)).toBe(0.75);
  });

  it('refuses signatures from different seeds with E_SKETCH_MISMATCH', () => {
    const other = createSketchParams({ numPerm: 4, bands: 1, rows: 4, seed: 2 });
    const sig = new Uint32Array(4);
    let err: unknown;
    try {
      estimatedJaccard(params, sig, 0, other, sig, 0);
    } catch (e) {
      err = e;
    }
    expect(hasCode(err, 'E_SKETCH_MISMATCH')).toBe(true);
  });

  it('refuses an offset past the end', () => {
    expect(() => estimatedJaccard(params, new Uint32Array(6), 3, params, new Uint32Array(4), 0)).toThrow(RangeError);
  });
});
