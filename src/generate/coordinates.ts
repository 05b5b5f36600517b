import { gcj02ToBd09, wgs84ToGcj02 } from '../normalize/coordinates.js';
import type { CoordSystem } from '../record/merchant-record.js';

/**
 * Coordinates as Chinese map SDKs produce them: GCJ-02 is WGS-84 shifted by the published obfuscation,
 * BD-09 is GCJ-02 shifted again by Baidu's rotation; both are several hundred metres off WGS-84 in
 * cities. The datum formulas are those of normalization (src/normalize/coordinates.ts), which converts
 * the other way; this module only places points and rounds them the way SDKs store them.
 */

/** Metres per degree of latitude (mean Earth radius 6,371,008.8 m). */
export const METRES_PER_DEGREE = 111_195;
/** Six decimals ≈ 0.1 m: what SDKs and POS back-ends store. */
const COORD_SCALE = 1e6;

/** A point; `out` is reused by callers in hot loops. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** A WGS-84 point expressed in `sys`, rounded to six decimals, written into `out`. */
export function wgs84To(sys: CoordSystem, lat: number, lng: number, out: LatLng): LatLng {
  let pLat = lat;
  let pLng = lng;
  if (sys !== 'wgs84') {
    const gcj = wgs84ToGcj02(lat, lng);
    pLat = gcj[0];
    pLng = gcj[1];
    if (sys === 'bd09') {
      const bd = gcj02ToBd09(pLat, pLng);
      pLat = bd[0];
      pLng = bd[1];
    }
  }
  out.lat = Math.round(pLat * COORD_SCALE) / COORD_SCALE;
  out.lng = Math.round(pLng * COORD_SCALE) / COORD_SCALE;
  return out;
}

/** Move a point by metres north and east (flat-earth approximation, exact enough below 50 km). */
export function offsetMetres(p: LatLng, northMetres: number, eastMetres: number): void {
  p.lat += northMetres / METRES_PER_DEGREE;
  p.lng += eastMetres / (METRES_PER_DEGREE * Math.cos((p.lat * Math.PI) / 180));
}
