/**
 * Coordinates to WGS-84, from the datums Chinese map SDKs produce:
 * - GCJ-02 (国测局坐标, "Mars coordinates"): WGS-84 shifted by the published obfuscation transform on the
 *   Krasovsky 1940 ellipsoid (a = 6378245 m, e² = 0.00669342162296594323), 100–700 m in China. Its
 *   inverse has no closed form: fixed-point iteration w ← w − (gcj(w) − g) converges to < 1 cm in
 *   2–4 steps.
 * - BD-09 (Baidu): GCJ-02 rotated and scaled by Baidu's published formula (closed-form inverse).
 * These are the formulas `gcoord` implements; they are written out here without its per-call argument
 * checks and array allocations (measured in bench/normalize.bench.ts).
 * Missing, non-finite, (0, 0) and points outside the rough China bounding box (the same box `gcoord`
 * and the reference implementations use) come out as NaN: GCJ-02 is undefined there, and (0, 0) is a
 * placeholder, not a place.
 */

import { parseCoordSystem } from '../record/coord-system.js';
import type { CoordSystem } from '../record/merchant-record.js';

const KRASOVSKY_A = 6378245;
const KRASOVSKY_EE = 0.00669342162296594323;
const DEG = Math.PI / 180;
/** Baidu's rotation constant: π · 3000 / 180. */
const BD_FACTOR = (Math.PI * 3000) / 180;
const BD_OFFSET_LNG = 0.0065;
const BD_OFFSET_LAT = 0.006;
/** The rough China bounding box of the reference implementations (lng 72.004–137.8347, lat 0.8293–55.8271). */
const CHINA_MIN_LNG = 72.004;
const CHINA_MAX_LNG = 137.8347;
const CHINA_MIN_LAT = 0.8293;
const CHINA_MAX_LAT = 55.8271;
/** Iteration stops when the residual is below 1e-7° (≈1 cm); 10 steps bound a pathological input. */
const INVERSE_TOLERANCE = 1e-7;
const MAX_INVERSE_STEPS = 10;

export type Wgs84 = readonly [lat: number, lng: number];
const MISSING: Wgs84 = Object.freeze([NaN, NaN] as const);

function isInChina(lat: number, lng: number): boolean {
  return lng >= CHINA_MIN_LNG && lng <= CHINA_MAX_LNG && lat >= CHINA_MIN_LAT && lat <= CHINA_MAX_LAT;
}

function transformLat(x: number, y: number): number {
  let ret = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  ret += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  ret += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return ret;
}

function transformLng(x: number, y: number): number {
  let ret = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  ret += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  ret += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return ret;
}

/** GCJ-02 offset (dLat, dLng) in degrees at a WGS-84 point; written into `out`. */
function gcjOffset(lat: number, lng: number, out: Float64Array): void {
  const x = lng - 105;
  const y = lat - 35;
  const radLat = lat * DEG;
  const s = Math.sin(radLat);
  const magic = 1 - KRASOVSKY_EE * s * s;
  const sqrtMagic = Math.sqrt(magic);
  out[0] = (transformLat(x, y) * 180) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  out[1] = (transformLng(x, y) * 180) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
}

const offset = new Float64Array(2);

/** WGS-84 → GCJ-02 (forward transform; outside China the point is returned unchanged). */
export function wgs84ToGcj02(lat: number, lng: number): Wgs84 {
  if (!isInChina(lat, lng)) return [lat, lng];
  gcjOffset(lat, lng, offset);
  return [lat + offset[0]!, lng + offset[1]!];
}

/** GCJ-02 → WGS-84 by fixed-point iteration (see header). */
export function gcj02ToWgs84(lat: number, lng: number): Wgs84 {
  if (!isInChina(lat, lng)) return [lat, lng];
  let wLat = lat;
  let wLng = lng;
  for (let step = 0; step < MAX_INVERSE_STEPS; step++) {
    gcjOffset(wLat, wLng, offset);
    const dLat = wLat + offset[0]! - lat;
    const dLng = wLng + offset[1]! - lng;
    wLat -= dLat;
    wLng -= dLng;
    if (Math.abs(dLat) < INVERSE_TOLERANCE && Math.abs(dLng) < INVERSE_TOLERANCE) break;
  }
  return [wLat, wLng];
}

/** BD-09 → GCJ-02 (Baidu's published inverse). */
export function bd09ToGcj02(lat: number, lng: number): Wgs84 {
  const x = lng - BD_OFFSET_LNG;
  const y = lat - BD_OFFSET_LAT;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * BD_FACTOR);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * BD_FACTOR);
  return [z * Math.sin(theta), z * Math.cos(theta)];
}

/** GCJ-02 → BD-09 (Baidu's published forward formula). */
export function gcj02ToBd09(lat: number, lng: number): Wgs84 {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * BD_FACTOR);
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * BD_FACTOR);
  return [z * Math.sin(theta) + BD_OFFSET_LAT, z * Math.cos(theta) + BD_OFFSET_LNG];
}

/** The system a record's coordinates are in: a validated record carries a contract name or null (wgs84). */
export function coordSystemOf(raw: string | null | undefined): CoordSystem {
  return raw == null ? 'wgs84' : (parseCoordSystem(raw) ?? 'wgs84');
}

/** A record's point as WGS-84 [lat, lng]; [NaN, NaN] when missing, (0, 0) or outside China. */
export function toWgs84(lat: number | null | undefined, lng: number | null | undefined, coordSys: string | null | undefined): Wgs84 {
  if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) return MISSING;
  if ((lat === 0 && lng === 0) || !isInChina(lat, lng)) return MISSING;
  const sys = coordSystemOf(coordSys);
  if (sys === 'wgs84') return [lat, lng];
  if (sys === 'gcj02') return gcj02ToWgs84(lat, lng);
  const [gLat, gLng] = bd09ToGcj02(lat, lng);
  return gcj02ToWgs84(gLat, gLng);
}
