import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { bd09ToGcj02, coordSystemOf, gcj02ToBd09, gcj02ToWgs84, toWgs84, wgs84ToGcj02 } from '../../src/normalize/coordinates.js';

/**
 * gcoord is CommonJS whose typings declare a default export the runtime does not have
 * (`module.exports` is the API itself): load it the CommonJS way, typed by its declared API.
 */
const gcoord = createRequire(import.meta.url)('gcoord') as typeof import('gcoord').default;

const EARTH_RADIUS_M = 6_371_000;
const ONE_METRE = 1;

function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLng = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Tian'anmen, the Bund, West Lake, Shenzhen civic centre, Ürümqi: spread over the GCJ-02 domain. */
const POINTS: readonly (readonly [number, number])[] = [
  [39.9087, 116.3975], [31.2304, 121.4737], [30.2741, 120.1551], [22.5431, 114.0579], [43.8256, 87.6168],
];

/** China, away from the bounding-box edges. */
const inChina = fc.tuple(fc.double({ min: 18, max: 53, noNaN: true }), fc.double({ min: 74, max: 134, noNaN: true }));

describe('GCJ-02', () => {
  it('matches the published transformation (gcoord) at known points', () => {
    for (const [lat, lng] of POINTS) {
      const [gLng, gLat] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02);
      const ours = wgs84ToGcj02(lat, lng);
      expect(metres(ours, [gLat, gLng])).toBeLessThan(0.01);
    }
    // Tian'anmen moves ≈ 570 m: the offset that makes datum conversion matter.
    expect(metres(wgs84ToGcj02(39.9087, 116.3975), [39.9087, 116.3975])).toBeGreaterThan(500);
  });

  it('round-trips WGS-84 → GCJ-02 → WGS-84 within a metre', () => {
    fc.assert(fc.property(inChina, ([lat, lng]) => {
      const [gLat, gLng] = wgs84ToGcj02(lat, lng);
      expect(metres(gcj02ToWgs84(gLat, gLng), [lat, lng])).toBeLessThan(ONE_METRE);
    }), { numRuns: 2000 });
  });
});

describe('BD-09', () => {
  it('matches gcoord at known points', () => {
    for (const [lat, lng] of POINTS) {
      const [bLng, bLat] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.BD09);
      expect(metres(gcj02ToBd09(lat, lng), [bLat, bLng])).toBeLessThan(0.01);
    }
  });

  it('round-trips WGS-84 → BD-09 → WGS-84 within a metre', () => {
    fc.assert(fc.property(inChina, ([lat, lng]) => {
      const [gLat, gLng] = wgs84ToGcj02(lat, lng);
      const [bLat, bLng] = gcj02ToBd09(gLat, gLng);
      expect(metres(toWgs84(bLat, bLng, 'bd09'), [lat, lng])).toBeLessThan(ONE_METRE);
      expect(metres(bd09ToGcj02(bLat, bLng), [gLat, gLng])).toBeLessThan(ONE_METRE);
    }), { numRuns: 2000 });
  });
});

describe('toWgs84', () => {
  it('converts by coord_sys, defaulting to WGS-84', () => {
    const [gLat, gLng] = wgs84ToGcj02(30.2741, 120.1551);
    expect(metres(toWgs84(gLat, gLng, 'gcj02'), [30.2741, 120.1551])).toBeLessThan(ONE_METRE);
    expect(metres(toWgs84(gLat, gLng, 'GCJ-02'), [30.2741, 120.1551])).toBeLessThan(ONE_METRE);
    expect(toWgs84(30.2741, 120.1551, null)).toEqual([30.2741, 120.1551]);
  });

  it('treats missing, (0, 0) and out-of-China points as missing', () => {
    for (const [lat, lng] of [[null, 120], [30, undefined], [0, 0], [48.8566, 2.3522], [NaN, 120], [30, Infinity]] as const) {
      const [a, b] = toWgs84(lat, lng, 'gcj02');
      expect(a).toBeNaN();
      expect(b).toBeNaN();
    }
  });

  it('reads coord_sys spellings', () => {
    expect(coordSystemOf('BD-09')).toBe('bd09');
    expect(coordSystemOf('gcj_02')).toBe('gcj02');
    expect(coordSystemOf(undefined)).toBe('wgs84');
  });
});
