import type { Division } from '../divisions/division-table.js';
import type { AddressParts } from './address-factory.js';
import { makeMallAddress } from './address-factory.js';
import { BRANDS, type Brand } from './brand-table.js';
import { CITY_TABLE, type CityProfile } from './city-catalog.js';
import type { LatLng } from './coordinates.js';
import { birthDate, cityPoint, elsewhereRegion, personIdNumber, randomDistrict, regionOf } from './draft-factory.js';
import { GROUP_SIZE_RANGE, KIND_CHAIN, KIND_FAMILY, KIND_GENERIC, KIND_MALL, KIND_OWNER, KIND_RING } from './entity-kind.js';
import type { GeneratorContext } from './generator-context.js';
import { makeBankAccount, makeIdNumber, makeTerminalSerial, makeUscc, USCC_PREFIX_ENTERPRISE } from './identifier-factory.js';
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
  /** The head office's settlement account, which most branches settle to; null when each has its own. */
  headAccount: string | null;
  /** The head office's licence, under which the branches registered; null when each has its own. */
  headUscc: string | null;
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
export type RingKey = 'id_number' | 'bank_account' | 'phone' | 'terminal';
export interface RingIdentity {
  person: Person;
  idNumber: string;
}
export interface RingProfile {
  kind: typeof KIND_RING;
  /** What every member reuses (a fixed ring); empty for a rotating ring. */
  keys: readonly RingKey[];
  /** Identities the ring registers under: one for a fixed ring, 2-3 for a rotating one. */
  identities: readonly RingIdentity[];
  /** Settlement accounts: one for a fixed ring, 2-3 for a rotating one. */
  accounts: readonly string[];
  phone: PhoneNumber;
  terminal: string;
  /**
   * Rotating rings, per member index: which identity and which account the member carries (-1: its own).
   * Every member carries the current identity or the current account, and a new one is introduced only
   * beside the current other, so the members stay connected by shared keys however the ring rotates.
   */
  memberIdentity: Int8Array;
  memberAccount: Int8Array;
  /** Rotating rings: members that also list the ring's phone. */
  memberPhone: Uint8Array;
  /** The first is home; members spread over the others too. */
  cities: readonly CityProfile[];
  start: number;
  windowMs: number;
  channel: string;
  /** Where the ring registers from in its home city, when its members' coordinates give it away. */
  centre: LatLng | null;
}
export interface OwnerProfile {
  kind: typeof KIND_OWNER;
  person: Person;
  idNumber: string;
  city: CityProfile;
  /** The owner's own mobile, listed by some shops; null when each shop has its own. */
  phone: PhoneNumber | null;
  /** One account for all the owner's shops; null when each has its own. */
  bankAccount: string | null;
}
export type GroupProfile = ChainProfile | MallProfile | GenericProfile | FamilyProfile | RingProfile | OwnerProfile;

/** Longest span over which a ring registers its merchants. */
const MAX_RING_WINDOW_DAYS = 7;
/** Share of rings that reuse a second identifier besides their main one. */
const RING_SECOND_KEY_SHARE = 0.25;
const RING_KEYS: readonly RingKey[] = ['id_number', 'bank_account', 'phone', 'terminal'];
/** Share of rings that rotate identities and accounts instead of reusing fixed ones. */
const RING_ROTATING_SHARE = 0.5;
/** Rotating rings: identities and accounts in the pool (2-3 each). */
const RING_POOL = [2, 3] as const;
/**
 * Rotating rings, per member: chance of introducing a new identity (beside the current account), a new
 * account (beside the current identity), carrying only the identity, only the account; else both.
 */
const ROTATE_IDENTITY = 0.2;
const ROTATE_ACCOUNT = 0.2;
const ONLY_IDENTITY = 0.2;
const ONLY_ACCOUNT = 0.2;
/** Rotating rings whose later identities are fabricated ids of the first person (same name and birth date). */
const RING_FABRICATED_ID_SHARE = 0.5;
/** Rotating rings that also list one phone, and the share of their members that do. */
const RING_PHONE_SHARE = 0.3;
const RING_PHONE_MEMBERS = 0.5;
/** Rings working from several cities (2-3) rather than one. */
const RING_MULTI_CITY_SHARE = 0.4;
/** Non-franchise chains whose branches settle to the head office's account, and those registered under its licence. */
const CHAIN_HEAD_ACCOUNT_SHARE = 0.5;
const CHAIN_HEAD_USCC_SHARE = 0;
/** Owners whose shops list the owner's mobile, and those whose shops settle to one account. */
const OWNER_PHONE_SHARE = 0.7;
const OWNER_ACCOUNT_SHARE = 0.4;
const MAX_RING_MEMBERS = GROUP_SIZE_RANGE[KIND_RING]![1];

/** Birth date and region of an 18-character resident id (GB 11643 layout). */
const ID_REGION = [0, 6] as const;
const ID_BIRTH = [6, 14] as const;

function ringSchedule(prng: Prng, identities: number, accounts: number): { memberIdentity: Int8Array; memberAccount: Int8Array } {
  const memberIdentity = new Int8Array(MAX_RING_MEMBERS);
  const memberAccount = new Int8Array(MAX_RING_MEMBERS);
  let a = 0;
  let b = 0;
  for (let i = 1; i < MAX_RING_MEMBERS; i++) {
    const u = prng.float();
    let id = a;
    let acc = b;
    if (u < ROTATE_IDENTITY && a + 1 < identities) id = ++a;
    else if (u < ROTATE_IDENTITY + ROTATE_ACCOUNT && b + 1 < accounts) acc = ++b;
    else if (u < ROTATE_IDENTITY + ROTATE_ACCOUNT + ONLY_IDENTITY) acc = -1;
    else if (u < ROTATE_IDENTITY + ROTATE_ACCOUNT + ONLY_IDENTITY + ONLY_ACCOUNT) id = -1;
    memberIdentity[i] = id;
    memberAccount[i] = acc;
  }
  return { memberIdentity, memberAccount };
}

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
      const brand = prng.pick(BRANDS);
      const hotline = prng.chance(0.4) ? hotlineNumber(prng) : null;
      const channel = ctx.channels.pick(prng);
      const headAccount = !brand.franchise && prng.chance(CHAIN_HEAD_ACCOUNT_SHARE) ? makeBankAccount(prng, true) : null;
      const headUscc = !brand.franchise && prng.chance(CHAIN_HEAD_USCC_SHARE) ? makeUscc(prng, USCC_PREFIX_ENTERPRISE, home.fallbackRegionCode) : null;
      return { kind, brand, home, streetOffset: prng.int(len), streetStride: stride, hotline, channel, headAccount, headUscc };
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
      const cities = [city];
      if (prng.chance(RING_MULTI_CITY_SHARE)) for (let k = prng.range(1, 2); k > 0; k--) cities.push(CITY_TABLE.pick(prng));
      const rotating = prng.chance(RING_ROTATING_SHARE);
      const main = prng.pick(RING_KEYS);
      const keys: RingKey[] = rotating ? [] : prng.chance(RING_SECOND_KEY_SHARE) ? [main, prng.pick(RING_KEYS.filter((k) => k !== main))] : [main];
      const windowMs = prng.range(1, MAX_RING_WINDOW_DAYS) * DAY_MS;
      const start = registrationTime(prng, CORPUS_END_MS - windowMs);
      // Rings register with valid ids (bought or stolen): an invalid one would fail onboarding.
      const first = makePerson(prng);
      const firstId = makeIdNumber(prng, elsewhereRegion(prng), birthDate(prng, start), first.male);
      const identities: RingIdentity[] = [{ person: first, idNumber: firstId }];
      const accounts = [makeBankAccount(prng, false)];
      let memberIdentity: Int8Array = new Int8Array(MAX_RING_MEMBERS);
      let memberAccount: Int8Array = new Int8Array(MAX_RING_MEMBERS);
      const memberPhone = new Uint8Array(MAX_RING_MEMBERS);
      if (rotating) {
        const fabricated = prng.chance(RING_FABRICATED_ID_SHARE);
        for (let k = prng.range(...RING_POOL); k > 1; k--) {
          if (fabricated) {
            const id = makeIdNumber(prng, firstId.slice(...ID_REGION), firstId.slice(...ID_BIRTH), first.male);
            identities.push({ person: first, idNumber: id });
          } else {
            const p = makePerson(prng);
            identities.push({ person: p, idNumber: makeIdNumber(prng, elsewhereRegion(prng), birthDate(prng, start), p.male) });
          }
        }
        for (let k = prng.range(...RING_POOL); k > 1; k--) accounts.push(makeBankAccount(prng, false));
        ({ memberIdentity, memberAccount } = ringSchedule(prng, identities.length, accounts.length));
        if (prng.chance(RING_PHONE_SHARE)) for (let i = 0; i < MAX_RING_MEMBERS; i++) memberPhone[i] = prng.chance(RING_PHONE_MEMBERS) ? 1 : 0;
      }
      return {
        kind, keys, identities, accounts, phone: mobileNumber(prng), terminal: makeTerminalSerial(prng),
        memberIdentity, memberAccount, memberPhone, cities, start, windowMs, channel: ctx.channels.pick(prng),
        centre: prng.chance(0.5) ? cityPoint(prng, city) : null,
      };
    }
    case KIND_OWNER: {
      const city = CITY_TABLE.pick(prng);
      const person = makePerson(prng);
      const start = registrationTime(prng, CORPUS_END_MS);
      return {
        kind, person, city, idNumber: personIdNumber(prng, ctx, person, elsewhereRegion(prng), start),
        phone: prng.chance(OWNER_PHONE_SHARE) ? mobileNumber(prng) : null,
        bankAccount: prng.chance(OWNER_ACCOUNT_SHARE) ? makeBankAccount(prng, false) : null,
      };
    }
    default:
      return null;
  }
}
