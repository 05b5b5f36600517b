import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSketchParams,
  DENSIFY_TABLE_DEPTH,
  EMPTY_SLOT,
  permutationsFor,
} from '../../src/sketch/minhash-params.js';
import { cMinHashSignature, ophSignature } from '../../src/sketch/one-permutation.js';
import { fmix32 } from '../../src/sketch/shingles.js';

const UINT32_RANGE = 2 ** 32;

/** Bins a set occupies before densification: recomputed from the definition, independently of the code. */
function occupiedBins(hashes: Uint32Array, a0: number, b0: number, numPerm: number): Map<number, number> {
  const bins = new Map<number, number>();
  for (const x of hashes) {
    const h = fmix32((Math.imul(a0, x) + b0) | 0);
    const bin = Math.floor((h * numPerm) / UINT32_RANGE);
    bins.set(bin, Math.min(bins.get(bin) ?? EMPTY_SLOT, h));
  }
  return bins;
}

describe('ophSignature', () => {
  const setArb = fc.uniqueArray(fc.nat({ max: 0xffff_ffff }), { minLength: 1, maxLength: 40 }).map((v) => Uint32Array.from(v));

  it.each([16, 128, 1000])('densification never leaves an empty bin, and only copies real bin minima (numPerm %s)', (numPerm) => {
    const perms = permutationsFor(createSketchParams({ variant: 'oph', numPerm, bands: 1, rows: 1 }));
    const out = new Uint32Array(numPerm);
    fc.assert(
      fc.property(setArb, (hashes) => {
        ophSignature(hashes, hashes.length, perms, out, 0);
        const bins = occupiedBins(hashes, perms.a[0]!, perms.b[0]!, numPerm);
        const minima = new Set(bins.values());
        // Occupied bins keep their own minimum; every other bin holds some occupied bin's minimum.
        const wrong = Array.from(out).findIndex((v, i) => (bins.has(i) ? v !== bins.get(i) : !minima.has(v)));
        expect(wrong).toBe(-1);
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('densifies a one-shingle set (every probe past the cached table depth) to one value everywhere', () => {
    const numPerm = 1024; // numPerm/1 expected probes per empty bin, far beyond DENSIFY_TABLE_DEPTH
    expect(numPerm).toBeGreaterThan(4 * DENSIFY_TABLE_DEPTH);
    const perms = permutationsFor(createSketchParams({ variant: 'oph', numPerm, bands: 1, rows: 1 }));
    const out = new Uint32Array(numPerm);
    ophSignature(Uint32Array.of(12345), 1, perms, out, 0);
    expect(new Set(out).size).toBe(1);
    expect(out[0]).not.toBe(EMPTY_SLOT);
  });

  it('copies from the same source bin in two sets with the same occupied bins (the optimality property)', () => {
    const numPerm = 64;
    const perms = permutationsFor(createSketchParams({ variant: 'oph', numPerm, bands: 1, rows: 1 }));
    const x = Uint32Array.of(1, 2, 3, 4, 5);
    const sa = new Uint32Array(numPerm);
    const sb = new Uint32Array(numPerm);
    ophSignature(x, x.length, perms, sa, 0);
    ophSignature(x.slice().reverse(), x.length, perms, sb, 0);
    expect(sb).toEqual(sa);
  });

  it('refuses permutations built for another variant', () => {
    const perms = permutationsFor(createSketchParams({ variant: 'k-perm', numPerm: 16, bands: 4, rows: 4 }));
    expect(() => ophSignature(Uint32Array.of(1), 1, perms, new Uint32Array(16), 0)).toThrow(/not oph/);
  });
});

describe('cMinHashSignature', () => {
  it('is slot k = min over x of π(σ(x) + k) (pinned against the definition)', () => {
    const numPerm = 8;
    const perms = permutationsFor(createSketchParams({ variant: 'c-minhash', numPerm, bands: 2, rows: 4 }));
    const x = Uint32Array.of(10, 20, 30);
    const out = new Uint32Array(numPerm);
    cMinHashSignature(x, x.length, perms, out, 0);
    const sigma = (v: number) => fmix32((Math.imul(perms.a[0]!, v) + perms.b[0]!) | 0);
    const pi = (v: number) => fmix32((Math.imul(perms.a[1]!, v) + perms.b[1]!) | 0);
    for (let k = 0; k < numPerm; k++) {
      expect(out[k]).toBe(Math.min(...Array.from(x, (v) => pi((sigma(v) + k) | 0))));
    }
  });
});
