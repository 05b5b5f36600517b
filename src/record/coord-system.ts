/**
 * `coord_sys` spellings: the contract's `wgs84`, `gcj02`, `bd09`, and what map SDKs and exports write for
 * them (`WGS-84`, `GCJ-02`, `gcj_02`, `BD-09`, Baidu's `bd09ll`). The one reader of the field: the
 * validator keeps a record's system through it, the normalizer converts coordinates by it.
 */
import { COORD_SYSTEMS, type CoordSystem } from './merchant-record.js';

/** Case, spaces, `-` and `_` carry no meaning in a system's name. */
const NOISE = /[\s_-]/g;
/** Baidu's API names its lat/lng flavour of BD-09 `bd09ll` (its `bd09mc` is Mercator metres, not degrees). */
const ALIASES: Readonly<Record<string, CoordSystem>> = { bd09ll: 'bd09' };

/** The contract name of a coordinate system, or null when `raw` names none of them. */
export function parseCoordSystem(raw: string): CoordSystem | null {
  if ((COORD_SYSTEMS as readonly string[]).includes(raw)) return raw as CoordSystem;
  const s = raw.toLowerCase().replace(NOISE, '');
  if ((COORD_SYSTEMS as readonly string[]).includes(s)) return s as CoordSystem;
  return ALIASES[s] ?? null;
}
