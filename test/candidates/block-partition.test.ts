import { describe, expect, it } from 'vitest';
import { positionCode } from '../../src/candidates/block-partition.js';

describe('positionCode', () => {
  it('gives neighbours on the map close codes in both directions, and NaN without coordinates', () => {
    const at = (lat: number, lng: number): number => positionCode(lat, lng);
    const here = at(30.2741, 120.1551);
    // 100 m north and 100 m east stay within a few cells' codes here (no Z-order seam between them); Beijing does not.
    const north = at(30.2751, 120.1551);
    const east = at(30.2741, 120.1561);
    const far = at(39.9042, 116.4074);
    expect(Math.abs(north - here)).toBeLessThan(64);
    expect(Math.abs(east - here)).toBeLessThan(64);
    expect(Math.abs(far - here)).toBeGreaterThan(1e7);
    expect(at(Number.NaN, 120)).toBeNaN();
    expect(Number.isSafeInteger(at(89.9999, 179.9999))).toBe(true);
    expect(at(-90, -180)).toBe(0);
  });
});
