/**
 * The road and house number of a comparable address (no divisions, digits for numerals):
 * `钱江世纪城振宁路973,975号` → road 振宁路, houses 973–975, street `振宁路973-975号`.
 * - The number is the first one right after a road suffix (路 街 大道 巷 弄 道 线 村 …), with or without
 *   号, and not followed by a building or floor unit (1号楼 is a building).
 * - The road name is found walking back from its suffix, stopping at another road (市心北路振宁路 →
 *   振宁路) or a place word (钱江世纪城振宁路 → 振宁路), and after at most 6 characters.
 * - `56-58号` and `14,15,16号` are ranges (lo, hi); `786-2号` is house 786, sub-number 2: a dash between
 *   numbers of equal length is a range, between different lengths a sub-number.
 */

export interface StreetParts {
  /** Road (or village) carrying the house number; '' when none found. */
  readonly road: string;
  /** First house number; NaN when none. */
  readonly houseNo: number;
  /** Last house number of a range or list; equals `houseNo` for one number; NaN when none. */
  readonly houseNoEnd: number;
  /** `road` + house number(s) + 号, or `road` alone, or ''. */
  readonly street: string;
}

/** A road suffix then a house number, not followed by a building or floor unit. */
const ROAD_NUMBER = /(大道|大街|公路|胡同|街道|路|街|巷|弄|道|线|村)(\d+(?:[-,]\d+)*)(?:号(?!楼)|(?![0-9a-z号幢栋座单楼层室]))/;
const ROAD_ONLY = /(大道|大街|公路|胡同|路|街|巷|弄|线)/;
/** Characters that end a road name when walking back from its suffix: another road, or a place. */
const ROAD_STOP_CHARS = '路街巷弄道线村';
const PLACE_STOP_CHARS = '镇乡城苑园庭县区厦铺楼店口门站馆院寓心';
const ROAD_STOP = 1;
const PLACE_STOP = 2;
/** Code unit → ROAD_STOP | PLACE_STOP | 0. */
const STOP = new Uint8Array(0x10000);
for (const ch of ROAD_STOP_CHARS) STOP[ch.charCodeAt(0)] = ROAD_STOP;
for (const ch of PLACE_STOP_CHARS) STOP[ch.charCodeAt(0)] = PLACE_STOP;
/** Road names are short: 振宁路, 市心北路, 机场北辅路. */
const MAX_ROAD_NAME = 6;
/** Place-name characters only end a road after this many characters (新城路 keeps its 城). */
const MIN_ROAD_NAME_BEFORE_PLACE = 2;
/** Longer "numbers" are run-together lists (860862864号), not one house. */
const MAX_HOUSE_NO = 99_999;

function isCjk(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/** Start of the road name whose suffix begins at `suffixAt`. */
function roadStart(s: string, suffixAt: number): number {
  let i = suffixAt;
  while (i > 0 && suffixAt - i < MAX_ROAD_NAME) {
    const c = s.charCodeAt(i - 1);
    if (!isCjk(c)) break;
    const stop = STOP[c];
    if (stop === ROAD_STOP && suffixAt - i >= 1) break; // 市心北路振宁路 → 振宁路, but 上街路 stays whole
    if (stop === PLACE_STOP && suffixAt - i >= MIN_ROAD_NAME_BEFORE_PLACE) break;
    i--;
  }
  return i;
}

/** House number range of `56-58`, `973,975`, `786-2`. */
function houseRange(text: string): [number, number] {
  if (!text.includes('-') && !text.includes(',')) {
    const n = Number(text);
    return [n, n];
  }
  const parts = text.split(/[-,]/);
  const first = Number(parts[0]);
  if (parts.length === 1) return [first, first];
  const isList = text.includes(',');
  let lo = first;
  let hi = first;
  for (let k = 1; k < parts.length; k++) {
    const p = parts[k]!;
    // A dash between numbers of different lengths is a sub-number (786-2), not a range.
    if (!isList && p.length !== parts[0]!.length) continue;
    const v = Number(p);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

const NO_STREET: StreetParts = Object.freeze({ road: '', houseNo: NaN, houseNoEnd: NaN, street: '' });

/** Road and house number of a comparable address (see header). */
export function parseStreet(s: string): StreetParts {
  const rn = ROAD_NUMBER.exec(s);
  if (rn) {
    const road = s.slice(roadStart(s, rn.index), rn.index + rn[1]!.length);
    let [houseNo, houseNoEnd] = houseRange(rn[2]!);
    if (houseNo > MAX_HOUSE_NO) houseNo = houseNoEnd = NaN;
    const number = houseNo === houseNoEnd ? `${houseNo}号` : `${houseNo}-${houseNoEnd}号`;
    return { road, houseNo, houseNoEnd, street: Number.isNaN(houseNo) ? road : road + number };
  }
  const ro = ROAD_ONLY.exec(s);
  if (!ro) return NO_STREET;
  const road = s.slice(roadStart(s, ro.index), ro.index + ro[1]!.length);
  return { road, houseNo: NaN, houseNoEnd: NaN, street: road };
}
