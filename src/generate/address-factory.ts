import type { Division } from '../divisions/division-table.js';
import type { CityProfile } from './city-catalog.js';
import { toChineseNumeral } from './chinese-numerals.js';
import { BUILDING_SUFFIXES, MALL_FLOORS, MALL_NAMES, MALL_SUFFIXES, TRADE_CHARS } from './place-names.js';
import type { Prng } from './prng.js';
import type { WeightedTable } from './weighted-table.js';

/**
 * Street addresses as parts, so that a re-registration can write the same place differently:
 * `[division prefix] street number[#|-building] [place] [floor] [room]`, e.g.
 * 北京市朝阳区建国路88号SOHO现代城3楼301室, 建国路88#, 建国路八十八号.
 */

/** How much of the division the address repeats before the street. */
export const PREFIX_NONE = 0;
export const PREFIX_DISTRICT = 1;
export const PREFIX_CITY_DISTRICT = 2;
export const PREFIX_FULL = 3;
/** Province and city without their 省/市: 浙江杭州萧山区. */
export const PREFIX_ABBREVIATED = 4;
export const PREFIX_STYLE_COUNT = 5;

export type NumberStyle = 'hao' | 'hash' | 'dash';
export type FloorStyle = '楼' | 'F' | '层';
export type RoomStyle = '室' | '号' | '';

export interface AddressParts {
  prefixStyle: number;
  street: string;
  number: number;
  /** Building (栋) within the number, 0 for none: 18号3栋, 18-3号. */
  building: number;
  /** Mall, tower or compound name, '' for none. */
  place: string;
  /** 0 for none; negative for basements (B1). */
  floor: number;
  /** 0 for none. */
  room: number;
  numberStyle: NumberStyle;
  floorStyle: FloorStyle;
  roomStyle: RoomStyle;
  chineseNumerals: boolean;
}

/** House numbers: most shops sit on the first few hundred numbers of a street. */
const MAX_HOUSE_NUMBER = 800;
const MAX_BUILDING = 12;
const MAX_TOWER_FLOOR = 28;
const ROOMS_PER_FLOOR = 20;

/** Two distinct trade characters: uniform, or from `chars` (a Zipf table, name-skew.ts) when given. */
export function tradeName(prng: Prng, chars: WeightedTable<string> | null = null): string {
  const draw = (): string => (chars ? chars.pick(prng) : prng.pick(TRADE_CHARS));
  const a = draw();
  let b = draw();
  while (b === a) b = draw();
  return a + b;
}

function basePrefixStyle(prng: Prng): number {
  const u = prng.float();
  return u < 0.45 ? PREFIX_NONE : u < 0.7 ? PREFIX_DISTRICT : u < 0.85 ? PREFIX_CITY_DISTRICT : u < 0.95 ? PREFIX_FULL : PREFIX_ABBREVIATED;
}

function baseParts(prng: Prng, street: string): AddressParts {
  const building = prng.chance(0.15) ? prng.range(1, MAX_BUILDING) : 0;
  const u = prng.float();
  return {
    prefixStyle: basePrefixStyle(prng),
    street,
    number: 1 + Math.floor(MAX_HOUSE_NUMBER * u * u),
    building,
    place: '',
    floor: 0,
    room: 0,
    numberStyle: prng.chance(0.9) ? 'hao' : building > 0 && prng.chance(0.5) ? 'dash' : 'hash',
    floorStyle: prng.chance(0.6) ? '楼' : prng.chance(0.6) ? 'F' : '层',
    roomStyle: prng.chance(0.6) ? '室' : prng.chance(0.5) ? '号' : '',
    chineseNumerals: prng.chance(0.02),
  };
}

/** A shop on a street of the city; `street` fixes the street (chain branches take distinct ones). */
export function makeStreetAddress(prng: Prng, city: CityProfile, street?: string): AddressParts {
  const a = baseParts(prng, street ?? prng.pick(city.streets));
  const v = prng.float();
  if (v < 0.12) {
    a.place = tradeName(prng) + prng.pick(BUILDING_SUFFIXES);
    if (prng.chance(0.5)) a.floor = prng.range(1, MAX_TOWER_FLOOR);
  } else if (v < 0.2) {
    a.place = prng.pick(MALL_NAMES);
    a.floor = prng.pick(MALL_FLOORS);
  } else if (v < 0.3) {
    a.floor = prng.range(1, 3);
  }
  if (a.floor > 0 && prng.chance(0.5)) a.room = a.floor * 100 + prng.range(1, ROOMS_PER_FLOOR);
  return a;
}

/** The one address string every shop of a mall level shares: 建设路88号万达广场B1层. */
export function makeMallAddress(prng: Prng, city: CityProfile): AddressParts {
  const a = baseParts(prng, prng.pick(city.streets));
  a.building = 0;
  a.numberStyle = 'hao';
  a.chineseNumerals = false;
  a.place = prng.chance(0.6) ? prng.pick(MALL_NAMES) : tradeName(prng) + prng.pick(MALL_SUFFIXES);
  a.floor = prng.pick(MALL_FLOORS);
  a.floorStyle = prng.chance(0.7) ? '层' : 'F';
  return a;
}

export function divisionPrefix(style: number, city: CityProfile, district: Division | null): string {
  const d = district ? district.name : '';
  const municipality = city.city.name === city.province.name;
  switch (style) {
    case PREFIX_DISTRICT: return d;
    case PREFIX_CITY_DISTRICT: return city.city.name + d;
    case PREFIX_FULL: return (municipality ? '' : city.province.name) + city.city.name + d;
    case PREFIX_ABBREVIATED: return (municipality ? '' : city.province.short) + city.city.short + d;
    default: return '';
  }
}

function num(n: number, chinese: boolean): string {
  return chinese ? toChineseNumeral(n) : String(n);
}

export function renderAddress(a: AddressParts, city: CityProfile, district: Division | null): string {
  const cn = a.chineseNumerals;
  let s = divisionPrefix(a.prefixStyle, city, district) + a.street;
  if (a.numberStyle === 'dash' && a.building > 0) s += `${num(a.number, cn)}-${num(a.building, cn)}号`;
  else {
    s += num(a.number, cn) + (a.numberStyle === 'hash' ? '#' : '号');
    if (a.building > 0) s += num(a.building, cn) + '栋';
  }
  s += a.place;
  if (a.floor < 0) s += cn ? `负${toChineseNumeral(-a.floor)}层` : `B${-a.floor}` + (a.floorStyle === 'F' ? '' : '层');
  else if (a.floor > 0) s += num(a.floor, cn) + (cn && a.floorStyle === 'F' ? '楼' : a.floorStyle);
  if (a.room > 0) s += String(a.room) + a.roomStyle;
  return s;
}
