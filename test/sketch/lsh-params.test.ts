import { describe, expect, it } from 'vitest';
import { collisionProbability, optimalLshParams } from '../../src/sketch/lsh-params.js';

describe('optimalLshParams', () => {
  it('matches datasketch _optimal_param with equal weights (t=0.5, 128 perms → 25 × 5)', () => {
    expect(optimalLshParams(0.5, 128, { falsePositive: 0.5, falseNegative: 0.5 })).toMatchObject({ bands: 25, rows: 5 });
  });

  // Reference values: datasketch's _optimal_param loop run with scipy.integrate.quad (scipy 1.17).
  it.each([
    [0.3, 128, 0.5, 37, 3],
    [0.7, 128, 0.5, 14, 9],
    [0.9, 128, 0.5, 5, 25],
    [0.3, 128, 0.8, 42, 3],
    [0.8, 128, 0.8, 12, 10],
    [0.5, 256, 0.8, 51, 5],
    [0.9, 256, 0.8, 12, 21],
  ])('agrees with scipy quadrature at t=%s, %s perms, w_fn=%s → %s × %s', (t, numPerm, wFn, bands, rows) => {
    expect(optimalLshParams(t, numPerm, { falsePositive: 1 - wFn, falseNegative: wFn })).toMatchObject({ bands, rows });
  });

  it('favours recall by default (t=0.5, 128 perms → 30 × 4)', () => {
    const p = optimalLshParams(0.5, 128);
    expect(p).toMatchObject({ bands: 30, rows: 4 });
    expect(p.falseNegativeArea).toBeLessThan(0.01);
    expect(p.falsePositiveArea).toBeLessThan(0.15);
  });

  it.each([0.2, 0.3, 0.5, 0.7, 0.8, 0.9])('keeps bands × rows within numPerm and centres the S-curve near t=%s', (t) => {
    for (const numPerm of [16, 64, 128, 256]) {
      const { bands, rows } = optimalLshParams(t, numPerm);
      expect(bands * rows).toBeLessThanOrEqual(numPerm);
      // Recall-weighted: a pair at t is found more often than not; one at t/2 rarely.
      expect(collisionProbability(t, bands, rows)).toBeGreaterThan(0.5);
      if (numPerm >= 64) expect(collisionProbability(t / 2, bands, rows)).toBeLessThan(0.5);
    }
  });

  it('uses more rows per band for a higher threshold', () => {
    expect(optimalLshParams(0.8, 128).rows).toBeGreaterThan(optimalLshParams(0.5, 128).rows);
  });

  it('agrees with a closed form: ∫_0^1 P(s) ds for b=1 is 1/(r+1)', () => {
    const p = optimalLshParams(0.5, 1);
    expect(p).toMatchObject({ bands: 1, rows: 1 });
    expect(p.falsePositiveArea).toBeCloseTo(0.125, 9);
    expect(p.falseNegativeArea).toBeCloseTo(0.125, 9);
  });

  it.each([
    [0, 128, 'threshold must be in (0, 1), got 0'],
    [1, 128, 'threshold must be in (0, 1), got 1'],
    [0.5, 0, 'numPerm must be a positive integer, got 0'],
  ])('rejects threshold %s, numPerm %s', (t, numPerm, message) => {
    expect(() => optimalLshParams(t, numPerm)).toThrow(new RangeError(message));
  });

  it('rejects negative or all-zero weights', () => {
    expect(() => optimalLshParams(0.5, 128, { falsePositive: 0, falseNegative: 0 })).toThrow(RangeError);
    expect(() => optimalLshParams(0.5, 128, { falsePositive: -1 })).toThrow(RangeError);
  });
});
