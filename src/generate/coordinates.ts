import type { CoordSystem } from '../record/merchant-record.js';

/**
 * Coordinates as Chinese map SDKs produce them. GCJ-02 is WGS-84 shifted by the published
 * (reverse-engineered, widely reproduced) obfuscation on the Krasovsky 1940 ellipsoid; BD-09 is GCJ-02
 * shifted again by Baidu's rotation. Both are several hundred metres off WGS-84 in cities. The formulas
 * are those of the `gcoord` package (the tests check against it); this copy avoids its CommonJS-only
 * typings and an allocation per point in the hot loop.
 */

/** Krasovsky 1940 semi-major axis (m) and first eccentricity squared. */
const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.00669342162296594323;
/** Baidu's constant: π × 3000 / 180. */
const BD_X_PI = (Math.PI * 3000.0) / 180.0;
const BD_LNG_OFFSET = 0.0065;
const BD_LAT_OFFSET = 0.006;
/** Metres per degree of latitude (mean Earth radius 6,371,008.8 m). */
export const METRES_PER_DEGREE = 111_195;
/** Six decimals ≈ 0.1 m: what SDKs and POS back-ends store. */
const COORD_SCALE = 1e6;

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** A point; `out` is reused by callers in hot loops. */
export interface LatLng {
  lat: number;
  lng: number;
}

function wgs84ToGcj02(lat: number, lng: number, out: LatLng): void {
  const dLatRaw = transformLat(lng - 105.0, lat - 35.0);
  const dLngRaw = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  out.lat = lat + (dLatRaw * 180.0) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  out.lng = lng + (dLngRaw * 180.0) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
}

function gcj02ToBd09(lat: number, lng: number, out: LatLng): void {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * BD_X_PI);
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * BD_X_PI);
  out.lng = z * Math.cos(theta) + BD_LNG_OFFSET;
  out.lat = z * Math.sin(theta) + BD_LAT_OFFSET;
}

/** A WGS-84 point expressed in `sys`, rounded to six decimals, written into `out`. */
export function wgs84To(sys: CoordSystem, lat: number, lng: number, out: LatLng): LatLng {
  out.lat = lat;
  out.lng = lng;
  if (sys !== 'wgs84') {
    wgs84ToGcj02(lat, lng, out);
    if (sys === 'bd09') gcj02ToBd09(out.lat, out.lng, out);
  }
  out.lat = Math.round(out.lat * COORD_SCALE) / COORD_SCALE;
  out.lng = Math.round(out.lng * COORD_SCALE) / COORD_SCALE;
  return out;
}

/** Move a point by metres north and east (flat-earth approximation, exact enough below 50 km). */
export function offsetMetres(p: LatLng, northMetres: number, eastMetres: number): void {
  p.lat += northMetres / METRES_PER_DEGREE;
  p.lng += eastMetres / (METRES_PER_DEGREE * Math.cos((p.lat * Math.PI) / 180));
}
