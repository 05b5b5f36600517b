import { describe, expect, it } from 'vitest';
import { hasCode } from '../../src/errors.js';
import {
  assertCompatible,
  createSketchParams,
  DENSIFY_TABLE_DEPTH,
  permutationsFor,
  type SketchParams,
} from '../../src/sketch/minhash-params.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('createSketchParams', () => {
  it('fills documented defaults, with bands × rows chosen for threshold 0.5', () => {
    expect(createSketchParams()).toEqual({ variant: 'k-perm', numPerm: 128, seed: 1, shingleK: 2, bands: 30, rows: 4 });
  });

  it('round-trips through JSON to equal params', () => {
    const p = createSketchParams({ variant: 'oph', numPerm: 64, seed: 0xdeadbeef, shingleK: 3, threshold: 0.7 });
    expect(createSketchParams(JSON.parse(JSON.stringify(p)) as SketchParams)).toEqual(p);
  });

  it('keeps explicit bands and rows', () => {
    expect(createSketchParams({ numPerm: 64, bands: 16, rows: 4 })).toMatchObject({ bands: 16, rows: 4 });
  });

  it.each([
    [{ numPerm: 0 }, 'options.numPerm must be an integer in [1, 1024], got 0'],
    [{ numPerm: 1.5 }, 'options.numPerm must be an integer in [1, 1024], got 1.5'],
    [{ seed: -1 }, 'options.seed must be an integer in [0, 4294967295], got -1'],
    [{ seed: 2 ** 32 }, 'options.seed must be an integer in [0, 4294967295], got 4294967296'],
    [{ shingleK: 0 }, 'options.shingleK must be an integer in [1, 8], got 0'],
    [{ threshold: 1 }, 'options.threshold must be a number in (0, 1), got 1'],
    [{ variant: 'lsh-forest' }, 'options.variant must be one of k-perm, oph, c-minhash, got "lsh-forest"'],
    [{ bands: 8 }, 'options.rows must be given together with the other of bands/rows (or neither), got undefined'],
    [{ numPerm: 64, bands: 20, rows: 4 }, 'options.bands must be such that bands * rows <= numPerm (64), got 20'],
  ])('rejects %j with E_BAD_ARGS: %s', (options, message) => {
    const err = thrown(() => createSketchParams(options as never));
    expect(hasCode(err, 'E_BAD_ARGS')).toBe(true);
    expect((err as Error).message).toBe(message);
  });
});

describe('permutationsFor', () => {
  it('is a pure function of the params: a fresh params object from the same seed gives equal permutations', () => {
    const p1 = permutationsFor(createSketchParams({ seed: 42, variant: 'oph' }));
    const p2 = permutationsFor(createSketchParams({ seed: 42, variant: 'oph' }));
    expect(p2.a).toEqual(p1.a);
    expect(p2.b).toEqual(p1.b);
    expect(p2.densify).toEqual(p1.densify);
  });

  it('gives different permutations for different seeds', () => {
    const p1 = permutationsFor(createSketchParams({ seed: 1 }));
    const p2 = permutationsFor(createSketchParams({ seed: 2 }));
    expect(p2.a).not.toEqual(p1.a);
  });

  it('uses odd multipliers only (a·x + b mod 2^32 must be a bijection)', () => {
    const { a } = permutationsFor(createSketchParams({ numPerm: 1024 }));
    expect(a.every((v) => (v & 1) === 1)).toBe(true);
    expect(new Set(a).size).toBe(1024);
  });

  it('builds the densification table only for oph, with bins in range', () => {
    expect(permutationsFor(createSketchParams()).densify).toHaveLength(0);
    const { densify } = permutationsFor(createSketchParams({ variant: 'oph', numPerm: 100 }));
    expect(densify).toHaveLength(100 * DENSIFY_TABLE_DEPTH);
    expect(Math.max(...densify)).toBeLessThan(100);
  });

  it('provides the two permutations C-MinHash needs even for a one-slot signature', () => {
    expect(permutationsFor(createSketchParams({ variant: 'c-minhash', numPerm: 1, bands: 1, rows: 1 })).a).toHaveLength(2);
  });
});

describe('assertCompatible', () => {
  const base = createSketchParams();

  it('accepts equal params', () => {
    expect(() => assertCompatible(base, createSketchParams())).not.toThrow();
  });

  it.each([
    ['seed', { seed: 2 }],
    ['numPerm', { numPerm: 256, bands: 30, rows: 4 }],
    ['variant', { variant: 'oph' as const }],
    ['shingleK', { shingleK: 3 }],
  ])('throws E_SKETCH_MISMATCH when %s differs', (field, options) => {
    const err = thrown(() => assertCompatible(base, createSketchParams(options)));
    expect(hasCode(err, 'E_SKETCH_MISMATCH')).toBe(true);
    expect(Object.keys((err as { details: { differences: object } }).details.differences)).toEqual([field]);
    expect((err as Error).message).toMatch(/rebuild them with the same sketch parameters/);
  });

  it('ignores banding when only signatures are compared, not when band keys are', () => {
    const other = createSketchParams({ bands: 16, rows: 8 });
    expect(() => assertCompatible(base, other, 'signature')).not.toThrow();
    const err = thrown(() => assertCompatible(base, other));
    expect(hasCode(err, 'E_SKETCH_MISMATCH')).toBe(true);
    expect((err as Error).message).toBe(
      'sketches were built with different parameters (bands 30 vs 16, rows 4 vs 8); rebuild them with the same sketch parameters',
    );
  });
});
