/**
 * Division names at the start of a name or address: `浙江省杭州市萧山区宁围镇…`, `杭州萧山标牌厂`,
 * `杭州-萧山-开发区 市心北路845号`. Found with the GB/T 2260 table (`matchDivisionPrefix`), then
 * accepted or not:
 * - a full name (萧山区, 杭州市) is always a division;
 * - a short name (萧山, 杭州) only when it is one of the record's own divisions, a district of the
 *   record's city, or under a division just matched before it; for a record without divisions, when
 *   another division follows it. 兰州拉面, 嵊州小吃 or 福建沙县小吃 in a Hangzhou record keep their
 *   place names: there they name a cuisine, not where the shop is;
 * - a short name never when a road suffix follows (延安路, 杭州东路 are streets; after a full name,
 *   as in 哈尔滨市道外区, the 道 is not a road);
 * - never when fewer than `minRest` characters would be left.
 * After a short name, a following 省/市/区/县 is taken too when a town, another division or the same
 * character follows (萧山市宁围镇, 萧山市市心北路), not otherwise: in 萧山市心北路 the 市 starts the road.
 */
import { matchDivisionPrefix, type Division, type DivisionPrefixMatch } from '../divisions/index.js';
import { codesOf, NO_DIVISIONS, type DivisionCodes } from './record-divisions.js';

export interface LeadingDivisions {
  /** Index in the text where the rest begins (after the divisions and the separators after them). */
  readonly end: number;
  /** Codes of the deepest division recognised, '' where the names were ambiguous. */
  readonly codes: DivisionCodes;
}

/**
 * The longest division name at `pos`: its length, every division carrying it (`divisions`) and whether it
 * is an official name (萧山区) rather than only a short one (萧山). Results are shared; read only.
 */
function matchAt(text: string, pos: number): DivisionPrefixMatch | null {
  return matchDivisionPrefix(text, pos);
}

/*
 * The two tests below are the sticky patterns /[东南西北中]?(?:路|街|大道|巷|弄|道)/y and
 * /[\u4e00-\u9fff]{1,4}?(?:镇|乡|街道)/y written out over code units: they run for every short division
 * name found, and a sticky regex costs a lastIndex write and a match object each time.
 */
const DIRECTIONS = '东南西北中';
const ROAD_CHARS = '路街巷弄道';
const DA = '大'.charCodeAt(0);
const DAO = '道'.charCodeAt(0);
const JIE = '街'.charCodeAt(0);
const ZHEN = '镇'.charCodeAt(0);
const XIANG = '乡'.charCodeAt(0);
/** CJK Unified Ideographs, the range of the town pattern's name characters. */
const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fff;
/** A town name before 镇/乡/街道 has one to four characters. */
const MAX_TOWN_NAME = 4;

/** A road suffix at `i`: 路, 街, 巷, 弄, 道 or 大道. */
function roadSuffixAt(text: string, i: number): boolean {
  const c = text.charAt(i);
  return (c !== '' && ROAD_CHARS.includes(c)) || (text.charCodeAt(i) === DA && text.charCodeAt(i + 1) === DAO);
}

/** A road suffix at `i`, after an optional direction (延安路, 杭州东路). */
function roadAfter(text: string, i: number): boolean {
  const c = text.charAt(i);
  return c !== '' && DIRECTIONS.includes(c) ? roadSuffixAt(text, i + 1) : roadSuffixAt(text, i);
}

/** A town at `i`: one to four Chinese characters, then 镇, 乡 or 街道. */
function townAfter(text: string, i: number): boolean {
  for (let k = 1; k <= MAX_TOWN_NAME; k++) {
    const c = text.charCodeAt(i + k - 1);
    if (!(c >= CJK_FIRST && c <= CJK_LAST)) return false;
    const end = text.charCodeAt(i + k);
    if (end === ZHEN || end === XIANG || (end === JIE && text.charCodeAt(i + k + 1) === DAO)) return true;
  }
  return false;
}
const SUFFIX_CHARS = '省市区县';
const LEVEL_DEPTH = { province: 1, city: 2, district: 3 } as const;

function isSeparator(c: number): boolean {
  return c === 0x20 || c === 0x2d || c === 0x2c; // space - ,
}

function skipSeparators(text: string, i: number): number {
  while (i < text.length && isSeparator(text.charCodeAt(i))) i++;
  return i;
}

function divisionAt(text: string, i: number): boolean {
  return matchAt(text, i) !== null;
}

/** Set by `choose`: whether its answer agrees with the record or the division before it. */
let chosenConsistent = false;

/** The candidate agreeing with the record or with the division just matched, else the only one, else null. */
function choose(cands: readonly Division[], ctx: DivisionCodes, parent: Division | null): Division | null {
  chosenConsistent = true;
  // Indexed loops: this runs for every division name found, and for-of costs an iterator here.
  const n = cands.length;
  for (let i = 0; i < n; i++) {
    const d = cands[i]!;
    if (d.code === ctx.district || d.code === ctx.city || d.code === ctx.province) return d;
  }
  if (parent) {
    for (let i = 0; i < n; i++) {
      const d = cands[i]!;
      if (d.provinceCode === parent.code || d.cityCode === parent.code) return d;
    }
  }
  if (ctx.city !== '') {
    for (let i = 0; i < n; i++) {
      const d = cands[i]!;
      if (d.cityCode === ctx.city) return d;
    }
  }
  chosenConsistent = false;
  return n === 1 ? cands[0]! : null;
}

/** Leading divisions of `text` (see header), or null when it does not start with one. */
export function stripLeadingDivisions(text: string, ctx: DivisionCodes, minRest: number): LeadingDivisions | null {
  let pos = skipSeparators(text, 0);
  let end = -1;
  let deepest: Division | null = null;
  let parent: Division | null = null;
  for (;;) {
    const m = matchAt(text, pos);
    if (!m) break;
    let next = pos + m.length;
    const division = choose(m.divisions, ctx, parent);
    const consistent = chosenConsistent;
    if (!m.isFull) {
      if (roadAfter(text, next)) break;
      // Without the record's own divisions, a short name is believed only when another division follows.
      if (!consistent && (ctx.province !== '' || !divisionAt(text, skipSeparators(text, next)))) break;
      const c = text.charAt(next);
      if (c !== '' && SUFFIX_CHARS.includes(c)) {
        if (text.charAt(next + 1) === c || townAfter(text, next + 1) || divisionAt(text, next + 1)) next++;
      }
    }
    if (text.length - next < minRest) break;
    if (division && (!deepest || LEVEL_DEPTH[division.level] > LEVEL_DEPTH[deepest.level])) deepest = division;
    if (division) parent = division;
    end = next;
    pos = skipSeparators(text, next);
  }
  if (end < 0) return null;
  return { end: skipSeparators(text, end), codes: deepest ? codesOf(deepest) : NO_DIVISIONS };
}
