import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactJaccard } from '../../src/sketch/jaccard.js';
import { kPermSignature, signatureFunction } from '../../src/sketch/minhash.js';
import {
  createSketchParams,
  EMPTY_SLOT,
  MINHASH_VARIANTS,
  permutationsFor,
  type MinHashVariant,
} from '../../src/sketch/minhash-params.js';
import { shingleCapacity, shingleHashes } from '../../src/sketch/shingles.js';

const CHARS = [...'张王李赵刘陈杨黄周吴记牛肉面馆瑞幸咖啡中山人民解放路街道号东西南北店超市便利水果鲜花药房美发汽修五金茶餐厅'];
const MAX_LEN = 40;

/** Shingle set of s (bigrams) as [hashes, count]. */
function shingles(s: string, k = 2): [Uint32Array, number] {
  const out = new Uint32Array(Math.max(shingleCapacity(s, k), 1));
  return [out, shingleHashes(s, k, out)];
}

function signature(variant: MinHashVariant, s: string, numPerm = 128, seed = 1): Uint32Array {
  const perms = permutationsFor(createSketchParams({ variant, numPerm, seed, bands: 1, rows: 1 }));
  const out = new Uint32Array(numPerm);
  const [h, n] = shingles(s);
  signatureFunction(perms)(h, n, perms, out, 0);
  return out;
}

/** Pairs (base, edited base): 0-4 random substitutions, deletions or insertions of a 4-15 char name. */
const pairArb = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...CHARS), minLength: 4, maxLength: 15 }),
    fc.array(fc.tuple(fc.constantFrom('sub', 'del', 'ins'), fc.nat(), fc.constantFrom(...CHARS)), { maxLength: 4 }),
  )
  .map(([base, edits]) => {
    const chars = [...base];
    for (const [op, at, c] of edits) {
      const i = at % (chars.length + 1);
      if (op === 'ins') chars.splice(i, 0, c);
      else if (chars.length > 2) chars.splice(Math.min(i, chars.length - 1), 1, ...(op === 'sub' ? [c] : []));
    }
    return [base, chars.join('')] as const;
  });

describe.each(MINHASH_VARIANTS)('%s signature', (variant) => {
  it('is deterministic across calls and with a fresh params object from the same seed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: MAX_LEN }), (s) => {
        expect(signature(variant, s)).toEqual(signature(variant, s));
      }),
      { seed: 3, numRuns: 100 },
    );
    expect(signature(variant, '张记牛肉面', 64, 7)).toEqual(signature(variant, '张记牛肉面', 64, 7));
    expect(signature(variant, '张记牛肉面', 64, 7)).not.toEqual(signature(variant, '张记牛肉面', 64, 8));
  });

  it('writes only its numPerm slots at the offset, leaving neighbours untouched', () => {
    const numPerm = 32;
    const perms = permutationsFor(createSketchParams({ variant, numPerm, bands: 8, rows: 4 }));
    const out = new Uint32Array(3 * numPerm).fill(0xabcdef);
    const [h, n] = shingles('瑞幸咖啡中山路店');
    signatureFunction(perms)(h, n, perms, out, numPerm);
    expect(out.subarray(0, numPerm).every((v) => v === 0xabcdef)).toBe(true);
    expect(out.subarray(2 * numPerm).every((v) => v === 0xabcdef)).toBe(true);
    const alone = new Uint32Array(numPerm);
    signatureFunction(perms)(h, n, perms, alone, 0);
    expect(out.subarray(numPerm, 2 * numPerm)).toEqual(alone);
  });

  it('refuses an offset or count that does not fit', () => {
    const perms = permutationsFor(createSketchParams({ variant, numPerm: 16, bands: 4, rows: 4 }));
    const [h, n] = shingles('张记牛肉面');
    const sign = signatureFunction(perms);
    expect(() => sign(h, n, perms, new Uint32Array(31), 16)).toThrow(RangeError);
    expect(() => sign(h, n, perms, new Uint32Array(32), -1)).toThrow(RangeError);
    expect(() => sign(h, h.length + 1, perms, new Uint32Array(32), 0)).toThrow(RangeError);
  });

  it('gives the empty set all EMPTY_SLOT', () => {
    expect(signature(variant, '').every((v) => v === EMPTY_SLOT)).toBe(true);
  });

  it('estimates Jaccard without bias and within the binomial error bound (256 perms, 400 pairs)', () => {
    const numPerm = 256;
    const perms = permutationsFor(createSketchParams({ variant, numPerm, seed: 20240601 }));
    const sign = signatureFunction(perms);
    const sa = new Uint32Array(numPerm);
    const sb = new Uint32Array(numPerm);
    let sumError = 0;
    let sumAbsError = 0;
    const pairs = fc.sample(pairArb, { seed: 99, numRuns: 400 });
    for (const [a, b] of pairs) {
      const [ha, na] = shingles(a);
      const [hb, nb] = shingles(b);
      sign(ha, na, perms, sa, 0);
      sign(hb, nb, perms, sb, 0);
      let equal = 0;
      for (let i = 0; i < numPerm; i++) if (sa[i] === sb[i]) equal++;
      const j = exactJaccard(ha, na, hb, nb);
      const error = equal / numPerm - j;
      sumError += error;
      sumAbsError += Math.abs(error);
      // k-perm slots are independent: sd = sqrt(J(1-J)/K), and 5 sd is never reached by chance here.
      // OPH on a few shingles copies each value into many bins, so its slots are correlated and its
      // error wider (worst pair here: 5.0 sd): allow 8 sd.
      const sd = Math.sqrt((j * (1 - j)) / numPerm);
      const bound = (variant === 'oph' ? 8 : 5) * sd + 1 / numPerm;
      expect(Math.abs(error), `${a} / ${b}: exact ${j}`).toBeLessThanOrEqual(bound);
    }
    // Measured: mean error within ±0.002, mean absolute error 0.017 (k-perm, c-minhash), 0.020 (oph).
    expect(Math.abs(sumError / pairs.length)).toBeLessThan(0.01);
    expect(sumAbsError / pairs.length).toBeLessThan(variant === 'oph' ? 0.03 : 0.025);
  });

  it('gives identical sets identical signatures regardless of shingle order', () => {
    expect(signature(variant, '中山路中山路')).toEqual(signature(variant, '中山路'.repeat(3)));
  });
});

describe('kPermSignature', () => {
  it('is the minimum over the set of fmix32(a_i·x + b_i) (pinned values)', () => {
    const perms = permutationsFor(createSketchParams({ numPerm: 4, bands: 1, rows: 4 }));
    const out = new Uint32Array(4);
    kPermSignature(Uint32Array.of(1, 2, 3), 3, perms, out, 0);
    expect(Array.from(out)).toMatchInlineSnapshot(`
      [
        1479871042,
        1357476122,
        32953713,
        312708910,
      ]
    `);
  });
});
