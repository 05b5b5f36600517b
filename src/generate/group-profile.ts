import type { Division } from '../divisions/division-table.js';
import type { AddressParts } from './address-factory.js';
import { makeMallAddress } from './address-factory.js';
import { BRANDS, type Brand } from './brand-table.js';
import { CITY_TABLE, type CityProfile } from './city-catalog.js';
import type { LatLng } from './coordinates.js';
import { cityPoint, elsewhereRegion, personIdNumber, randomDistrict, regionOf } from './draft-factory.js';
import { KIND_CHAIN, KIND_FAMILY, KIND_GENERIC, KIND_MALL, KIND_RING } from './entity-kind.js';
import type { GeneratorContext } from './generator-context.js';
import { makeBankAccount } from './identifier-factory.js';
import { makePerson, SURNAME_TABLE, type Person } from './person-names.js';
import { GENERIC_NAMES } from './place-names.js';
import { hotlineNumber, landlineNumber, mobileNumber, type PhoneNumber } from './phone-factory.js';
import type { Prng } from './prng.js';
import { DAY_MS } from '../record/calendar.js';
import { CORPUS_END_MS, registrationTime } from './registration-time.js';
import { shopType, type ShopType } from './shop-types.js';

/**
 * What the members of a hard-negative group or a ring share, drawn from the group's own stream so
 * that any member can be regenerated alone.
 */
export interface ChainProfile {
  kind: typeof KIND_CHAIN;
  brand: Brand;
  home: CityProfile;
  /** Branch i in the home city sits on street (offset + i·stride) mod streets: distinct streets. */
  streetOffset: number;
  streetStride: number;
  /** A 400 number every branch lists, when the chain has one. */
  hotline: PhoneNumber | null;
  channel: string;
}
export interface MallProfile {
  kind: typeof KIND_MALL;
  city: CityProfile;
  district: Division | null;
  /** The address every shop of the level shares. */
  address: AddressParts;
  centre: LatLng;
  /** The mall's service desk, listed by some shops instead of their own. */
  phone: PhoneNumber;
}
export interface GenericProfile {
  kind: typeof KIND_GENERIC;
  name: string;
  type: ShopType;
  home: CityProfile;
}
export interface FamilyProfile {
  kind: typeof KIND_FAMILY;
  surname: string;
  phone: PhoneNumber;
  city: CityProfile;
  district: Division | null;
  street: string | null;
  /** Birthplace region code of the relatives' ID numbers. */
  hometown: string;
}
export type RingKey = 'id_number' | 'bank_account' | 'phone';
export interface RingProfile {
  kind: typeof KIND_RING;
  /** What every member reuses. */
  keys: readonly RingKey[];
  person: Person;
  idNumber: string;
  bankAccount: string;
  phone: PhoneNumber;
  city: CityProfile;
  start: number;
  windowMs: number;
  channel: string;
  /** Where the ring registers from, when its members' coordinates give it away. */
  centre: LatLng | null;
}
export type GroupProfile = ChainProfile | MallProfile | GenericProfile | FamilyProfile | RingProfile;

/** Longest span over which a ring registers its merchants. */
const MAX_RING_WINDOW_DAYS = 7;
/** Share of rings that reuse a second identifier besides their main one. */
const RING_SECOND_KEY_SHARE = 0.25;
const RING_KEYS: readonly RingKey[] = ['id_number', 'bank_account', 'phone'];

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export function makeGroupProfile(kind: number, prng: Prng, ctx: GeneratorContext): GroupProfile | null {
  switch (kind) {
    case KIND_CHAIN: {
      const home = CITY_TABLE.pick(prng);
      const len = home.streets.length;
      // A stride coprime with the street count visits distinct streets: branch i never shares branch j's street.
      let stride = len > 2 ? prng.range(1, len - 1) : 1;
      while (gcd(stride, len) !== 1) stride = prng.range(1, len - 1);
      return {
        kind, brand: prng.pick(BRANDS), home, streetOffset: prng.int(len), streetStride: stride,
        hotline: prng.chance(0.4) ? hotlineNumber(prng) : null, channel: ctx.channels.pick(prng),
      };
    }
    case KIND_MALL: {
      const city = CITY_TABLE.pick(prng);
      return {
        kind, city, district: randomDistrict(prng, city), address: makeMallAddress(prng, city), centre: cityPoint(prng, city),
        phone: landlineNumber(prng, city.seed.areaCode, city.seed.localDigits),
      };
    }
    case KIND_GENERIC: {
      const [name, type] = prng.pick(GENERIC_NAMES);
      return { kind, name, type: shopType(type), home: CITY_TABLE.pick(prng) };
    }
    case KIND_FAMILY: {
      const city = CITY_TABLE.pick(prng);
      const district = randomDistrict(prng, city);
      return {
        kind, surname: SURNAME_TABLE.pick(prng), phone: mobileNumber(prng), city, district,
        street: prng.chance(0.5) ? prng.pick(city.streets) : null,
        hometown: prng.chance(0.7) ? elsewhereRegion(prng) : regionOf(city, district),
      };
    }
    case KIND_RING: {
      const city = CITY_TABLE.pick(prng);
      const main = prng.pick(RING_KEYS);
      const keys = prng.chance(RING_SECOND_KEY_SHARE) ? [main, prng.pick(RING_KEYS.filter((k) => k !== main))] : [main];
      const windowMs = prng.range(1, MAX_RING_WINDOW_DAYS) * DAY_MS;
      const start = registrationTime(prng, CORPUS_END_MS - windowMs);
      const person = makePerson(prng);
      return {
        kind, keys, person, city, start, windowMs,
        idNumber: personIdNumber(prng, ctx, person, elsewhereRegion(prng), start),
        bankAccount: makeBankAccount(prng, false), phone: mobileNumber(prng), channel: ctx.channels.pick(prng),
        centre: prng.chance(0.5) ? cityPoint(prng, city) : null,
      };
    }
    default:
      return null;
  }
}
