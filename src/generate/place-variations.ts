import { PREFIX_STYLE_COUNT, renderAddress, type NumberStyle } from './address-factory.js';
import { offsetMetres } from './coordinates.js';
import { divisionFields, DIVISION_FIELDS_STYLE_COUNT, type EntityDraft } from './entity-draft.js';
import { otherThan, type Variation } from './variation-kit.js';

/**
 * How the place of one business is written differently between its registrations: how much of the
 * division the address repeats, numerals, 号/#/-, floor and room, the division fields, and the
 * coordinates (a re-survey a few metres off, or a map SDK's GCJ-02 / BD-09 instead of WGS-84).
 */

/** Runs `change` and reports `tag` only when the rendered address actually changed. */
function addressChange(d: EntityDraft, tag: string, change: () => void): string | null {
  if (!d.address) return null;
  const before = renderAddress(d.address, d.city, d.district);
  change();
  return renderAddress(d.address, d.city, d.district) !== before ? tag : null;
}

/** Jitter of a re-surveyed location: a few metres to a hundred. */
const MIN_JITTER_M = 3;
const MAX_JITTER_M = 100;

export const PLACE_VARIATIONS: readonly Variation[] = [
  { weight: 6, draft: (d, prng) => addressChange(d, 'address_prefix', () => {
    d.address!.prefixStyle = otherThan(prng, d.address!.prefixStyle, PREFIX_STYLE_COUNT);
  }) },
  { weight: 3, draft: (d) => addressChange(d, 'address_numerals', () => { d.address!.chineseNumerals = !d.address!.chineseNumerals; }) },
  { weight: 4, draft: (d, prng) => addressChange(d, 'address_number_style', () => {
    const a = d.address!;
    const styles: NumberStyle[] = a.building > 0 ? ['hao', 'hash', 'dash'] : ['hao', 'hash'];
    a.numberStyle = styles[otherThan(prng, Math.max(0, styles.indexOf(a.numberStyle)), styles.length)]!;
  }) },
  { weight: 5, draft: (d, prng) => {
    const a = d.address;
    if (!a) return null;
    if (a.floor === 0) {
      a.floor = prng.range(1, 5);
      if (prng.chance(0.5)) a.room = a.floor * 100 + prng.range(1, 20);
      return 'floor_added';
    }
    const u = prng.float();
    if (u < 0.45 || a.floor < 0) { a.floor = 0; a.room = 0; return 'floor_dropped'; }
    if (u < 0.7) {
      return addressChange(d, 'floor_style', () => {
        a.floorStyle = a.floorStyle === '楼' ? 'F' : a.floorStyle === 'F' ? '层' : '楼';
      });
    }
    if (a.room > 0) { a.room = 0; return 'room_dropped'; }
    a.room = a.floor * 100 + prng.range(1, 20);
    return 'room_added';
  } },
  { weight: 4, draft: (d, prng) => {
    const before = divisionFields(d).join('|');
    d.divisionFields = otherThan(prng, d.divisionFields, DIVISION_FIELDS_STYLE_COUNT);
    return divisionFields(d).join('|') !== before ? 'division_fields' : null;
  } },
  { weight: 1, draft: (d) => (d.address ? ((d.address = null), 'address_missing') : null) },
  { weight: 6, draft: (d, prng) => {
    if (!d.position) return null;
    const r = MIN_JITTER_M + (MAX_JITTER_M - MIN_JITTER_M) * Math.pow(prng.float(), 1.5);
    const a = 2 * Math.PI * prng.float();
    d.position = { lat: d.position.lat, lng: d.position.lng };
    offsetMetres(d.position, r * Math.sin(a), r * Math.cos(a));
    return 'gps_jitter';
  } },
  { weight: 4, draft: (d, prng) => {
    if (!d.position) return null;
    if (d.coordSys === 'wgs84') d.coordSys = prng.chance(0.7) ? 'gcj02' : 'bd09';
    else if (d.coordSys === 'gcj02') d.coordSys = prng.chance(0.6) ? 'wgs84' : 'bd09';
    else d.coordSys = prng.chance(0.6) ? 'gcj02' : 'wgs84';
    return 'coord_' + d.coordSys;
  } },
  { weight: 2, draft: (d) => (d.position ? ((d.position = null), 'gps_missing') : null) },
];
