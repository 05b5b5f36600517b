/**
 * Geo grid cells: the plane of degrees cut into squares of GEO_CELL_DEGREES, numbered row-major. Used as a
 * sorted-neighbourhood order in giant buckets, so records sorted by cell sit near their neighbours.
 */
/** 0.01° ≈ 1.1 km north-south, 0.9-1.0 km east-west across China's latitudes. */
export const GEO_CELL_DEGREES = 0.01;
const COLUMNS = Math.ceil(360 / GEO_CELL_DEGREES);

export function geoCellOf(lat: number, lng: number): number {
  if (lat !== lat || lng !== lng) return NaN;
  return Math.floor((lat + 90) / GEO_CELL_DEGREES) * COLUMNS + Math.floor((lng + 180) / GEO_CELL_DEGREES);
}
