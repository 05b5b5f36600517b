/**
 * The GB/T 2260 codes of a record's province / city / district fields, written full or short
 * (浙江省 / 浙江, 杭州市 / 杭州, 萧山区 / 萧山). A field that names no division at its level (real data
 * puts business areas such as 钱江世纪城 in `district`) resolves to ''. A missing parent is filled from
 * its child: a record with only `district = 萧山区` gets 33 / 3301 / 330109.
 */
import { resolveDivision, type Division } from '../divisions/index.js';
import { foldText } from './normalize-text.js';

/** GB/T 2260 codes; '' when unknown. */
export interface DivisionCodes {
  /** 2 digits. */
  readonly province: string;
  /** 4 digits; a municipality's city is `<province>01`. */
  readonly city: string;
  /** 6 digits. */
  readonly district: string;
}

export const NO_DIVISIONS: DivisionCodes = Object.freeze({ province: '', city: '', district: '' });

/**
 * The same few thousand field combinations repeat across millions of records: resolving each once is
 * what keeps this off the profile. Nested maps (province → city → district) rather than one joined
 * key: no string is built per record. Bounded so a corpus of junk values cannot grow it without limit.
 */
const CACHE_LIMIT = 50_000;
type CityCache = Map<string, Map<string, DivisionCodes>>;
const cache = new Map<string, CityCache>();
let cached = 0;

/** Field text as division tables spell it: folded, no spaces. */
function clean(field: string | null | undefined): string {
  if (field == null || field === '') return '';
  return foldText(field).replace(/ /g, '');
}

const codesByDivision = new Map<string, DivisionCodes>();

/** Codes of a division and everything above it (one shared frozen object per division). */
export function codesOf(d: Division): DivisionCodes {
  let codes = codesByDivision.get(d.code);
  if (!codes) {
    codes = Object.freeze(
      d.level === 'province'
        ? { province: d.code, city: '', district: '' }
        : d.level === 'city'
          ? { province: d.provinceCode, city: d.code, district: '' }
          : { province: d.provinceCode, city: d.cityCode ?? '', district: d.code },
    );
    codesByDivision.set(d.code, codes);
  }
  return codes;
}

function resolveUncached(p: string, c: string, d: string): DivisionCodes {
  const province = p === '' ? null : resolveDivision(p, 'province');
  let city = c === '' ? null : resolveDivision(c, 'city', province?.code ?? null);
  let district = d === '' ? null : resolveDivision(d, 'district', city?.code ?? province?.code ?? null);
  // A district that is not under the resolved city (杭州市 / 朝阳区) is a contradiction: keep the city.
  if (district && city && district.cityCode !== city.code) district = null;
  if (district && province && district.provinceCode !== province.code) district = null;
  if (city && province && city.provinceCode !== province.code) city = null;
  if (district) return codesOf(district);
  if (city) return codesOf(city);
  if (province) return codesOf(province);
  return NO_DIVISIONS;
}

/** Resolve a record's division fields (see header). */
export function resolveRecordDivisions(
  province: string | null | undefined,
  city: string | null | undefined,
  district: string | null | undefined,
): DivisionCodes {
  if (province == null && city == null && district == null) return NO_DIVISIONS;
  const p = province ?? '';
  const c = city ?? '';
  const d = district ?? '';
  let byCity = cache.get(p);
  let byDistrict = byCity?.get(c);
  const hit = byDistrict?.get(d);
  if (hit) return hit;
  const codes = resolveUncached(clean(p), clean(c), clean(d));
  if (cached >= CACHE_LIMIT) {
    cache.clear();
    cached = 0;
    byCity = undefined;
    byDistrict = undefined;
  }
  if (!byCity) cache.set(p, (byCity = new Map()));
  if (!byDistrict) byCity.set(c, (byDistrict = new Map()));
  byDistrict.set(d, codes);
  cached++;
  return codes;
}

/** The deeper of two code sets when they agree, else `known` (the record's own fields win). */
export function mergeDivisions(known: DivisionCodes, found: DivisionCodes): DivisionCodes {
  if (found.province === '') return known;
  if (known.province === '') return found;
  if (known.province !== found.province) return known;
  if (known.city !== '' && found.city !== '' && known.city !== found.city) return known;
  if (known.district !== '' && found.district !== '' && known.district !== found.district) return known;
  const depth = (c: DivisionCodes): number => (c.district !== '' ? 3 : c.city !== '' ? 2 : 1);
  return depth(found) > depth(known) ? found : known;
}
