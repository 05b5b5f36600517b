/**
 * A street address split into comparable parts:
 *
 *   浙江省杭州市萧山区 | 宁围镇 | 市心北路 | 777号 | 顺发和美家小区 | 2幢 | 二楼 | 102室
 *   divisions           town    road       house   (rest)           bldg  floor  room
 *
 * - Leading divisions are taken off (leading-divisions.ts) and their codes reported, so an address that
 *   repeats the record's division compares equal to one that does not.
 * - A leading town (…镇, …乡, …街道) is taken off into `town`: registrations write it or not at random.
 * - Chinese numerals before address units become digits (二十三楼 → 23楼), `18#` becomes `18号`.
 * - Floor (3楼 / 3层 / 3F / F3 / 负1层 / B1) and room (301室, or the number ending the address after a
 *   building, unit or floor) go to their own fields and out of the comparable string.
 * - Bracketed notes (（振宁路地铁口B出口）) and trailing hints (附近, 旁, 对面) are dropped.
 * - Road and house number: see street-parts.ts.
 */
import { foldText } from './normalize-text.js';
import { replaceChineseNumerals } from './chinese-numerals.js';
import { stripLeadingDivisions } from './leading-divisions.js';
import { NO_DIVISIONS, type DivisionCodes } from './record-divisions.js';
import { parseStreet, type StreetParts } from './street-parts.js';

/** Road, house numbers and street come from street-parts.ts. */
export interface AddressParts extends StreetParts {
  /** Comparable address: no divisions, town, floor, room, notes; digits; `号` for `#`. */
  readonly address: string;
  /** Divisions written at the start of the address ('' codes when none). */
  readonly divisions: DivisionCodes;
  /** Leading town or sub-district (宁围镇, 宁围街道); '' when none. */
  readonly town: string;
  /** Building (2幢, 1号楼, A座 → `2`, `1`, `a`); '' when none. */
  readonly building: string;
  /** Floor number, negative below ground; NaN when none. */
  readonly floor: number;
  /** Room (`301`, `1505a`); '' when none. */
  readonly room: string;
}

const EMPTY: AddressParts = Object.freeze({
  address: '', divisions: NO_DIVISIONS, town: '', road: '', houseNo: NaN, houseNoEnd: NaN, street: '',
  building: '', floor: NaN, room: '',
});

/** Fewest characters a division strip must leave: the address is more than its division. */
const MIN_REST = 2;
const BRACKET_NOTE = /\([^()]*\)?/g;
/** A town name has no road, number or conjunction in it: 永辉路和镇宁路 is two roads. */
const TOWN = /^(?:(?![路街道巷弄线号与和])[\u4e00-\u9fff]){2,4}?(?:镇|乡|街道)/;
const SPACE_BETWEEN_DIGITS = /(\d) +(?=\d)/g;
/** `1467号-1471号` is the range 1467-1471号. */
const HAO_DASH = /号-(?=\d+号)/g;
/** `18#` → `18号`; any other `#` is noise. */
const HASH_AFTER_DIGIT = /(\d)#/g;
/** `-` and `,` only mean something between digits or letters (ranges, lists, 3-301). */
const LONE_SEPARATOR = /(?<![0-9a-z])[-,]+|[-,]+(?![0-9a-z])/g;
/** Floor: optional basement mark, number, optional range end (1-2层), unit; or F3. */
const FLOOR = /(负|地下|(?<![a-z])b)?(\d{1,3})(?:[-至]\d{1,3})?(?:楼|层|f)(?![a-z])|(?<![a-z])f(\d{1,2})(?![0-9])/;
const BASEMENT_SIGN = -1;
/** Explicit room: 301室, 301号房, 1505a室, 4-17室. */
const ROOM = /((?:\d{1,3}-)?\d{1,5}[a-z]?)号?(?:室|房)/;
/** A number ending the address right after a building, unit or floor word is a room: 8幢1单元609. */
const TRAILING_ROOM = /(?:幢|栋|座|单元|号楼|大厦|中心|公寓)(\d{3,5}[a-z]?)$/;
const BUILDING = /([a-z]?\d{1,3}[a-z]?|[a-z])(?:号楼|幢|栋|座)/;
const TRAILING_HINT = /(?:附近|旁边|旁|对面|楼下|周边|一带)+$/;
const HINT_LAST_CHARS = '近边旁面下带';

/** Bits of `PATTERN_CHARS`: which of the patterns below a character can start or complete. */
const MAY_TOWN = 1;
const MAY_FLOOR = 2;
const MAY_ROOM = 4;
const MAY_SEPARATOR = 8;
const MAY_BUILDING = 16;
/**
 * Code unit → the patterns that need it: TOWN needs 镇, 乡 or 街(道), FLOOR 楼, 层 or f, ROOM 室 or 房,
 * LONE_SEPARATOR - or `,`, BUILDING 楼 (号楼), 幢, 栋 or 座. One pass over the address with this table
 * replaces a dozen `includes` scans.
 */
const PATTERN_CHARS = new Uint8Array(0x10000);
for (const [chars, bit] of [['镇乡街', MAY_TOWN], ['楼层f', MAY_FLOOR], ['室房', MAY_ROOM], ['-,', MAY_SEPARATOR], ['楼幢栋座', MAY_BUILDING]] as const) {
  for (let i = 0; i < chars.length; i++) PATTERN_CHARS[chars.charCodeAt(i)]! |= bit;
}

/**
 * The patterns that may match `s`. Steps after this one only take characters out, never add any, so a
 * bit stays a superset of what is left: a pattern run for a character that is gone finds nothing, as it
 * would have without the test.
 */
function patternsIn(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) bits |= PATTERN_CHARS[s.charCodeAt(i)]!;
  return bits;
}

function endsWithAlnum(s: string): boolean {
  const c = s.charCodeAt(s.length - 1);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
}

/** Split an address (as registered) into comparable parts; `ctx` is the record's divisions. */
export function parseAddress(raw: string | null | undefined, ctx: DivisionCodes): AddressParts {
  if (raw == null || raw === '') return EMPTY;
  let s = foldText(raw);
  if (s.includes('(')) {
    const noted = s.replace(BRACKET_NOTE, ' ').trim();
    s = noted !== '' ? noted : s.replace(/[()]/g, '');
  }
  let divisions = NO_DIVISIONS;
  const lead = stripLeadingDivisions(s, ctx, MIN_REST);
  if (lead) {
    divisions = lead.codes;
    s = s.slice(lead.end);
  }
  // After the divisions: 三门县 and 三门峡市 are names, not "door 3".
  s = replaceChineseNumerals(s);
  // A space between numbers separates them (19 20号 from 19.20号); any other space is noise.
  if (s.includes(' ')) s = s.replace(SPACE_BETWEEN_DIGITS, '$1,').replace(/ /g, '');
  if (s.includes('号-')) s = s.replace(HAO_DASH, '-');
  if (s.includes('#')) s = s.replace(HASH_AFTER_DIGIT, '$1号').replace(/#/g, '');

  // Each pattern below runs only when a character it needs is present: most addresses skip most of them.
  const may = patternsIn(s);
  let town = '';
  const t = (may & MAY_TOWN) !== 0 ? TOWN.exec(s) : null;
  if (t && s.length - t[0].length >= MIN_REST) {
    town = t[0];
    s = s.slice(town.length);
  }

  let floor = NaN;
  const f = (may & MAY_FLOOR) !== 0 ? FLOOR.exec(s) : null;
  if (f) {
    const sign = f[1] !== undefined ? BASEMENT_SIGN : 1;
    floor = sign * Number(f[2] ?? f[3]);
    s = s.slice(0, f.index) + s.slice(f.index + f[0].length);
  }

  let room = '';
  const r = (may & MAY_ROOM) !== 0 ? ROOM.exec(s) : null;
  if (r) {
    room = r[1]!;
    s = s.slice(0, r.index) + s.slice(r.index + r[0].length);
  } else if (endsWithAlnum(s)) {
    const tr = TRAILING_ROOM.exec(s);
    if (tr) {
      room = tr[1]!;
      s = s.slice(0, s.length - room.length);
    }
  }

  if ((may & MAY_SEPARATOR) !== 0) s = s.replace(LONE_SEPARATOR, '');
  const b = (may & MAY_BUILDING) !== 0 ? BUILDING.exec(s) : null;
  const building = b ? b[1]! : '';

  if (HINT_LAST_CHARS.includes(s.charAt(s.length - 1))) s = s.replace(TRAILING_HINT, '');

  const { road, houseNo, houseNoEnd, street } = parseStreet(s);
  return { address: s, divisions, town, road, houseNo, houseNoEnd, street, building, floor, room };
}
