import type { Division } from '../divisions/division-table.js';
import { daysInMonth } from '../record/calendar.js';
import { USCC_ALPHABET } from '../normalize/uscc.js';
import type { CoordSystem } from '../record/merchant-record.js';
import { makeStreetAddress } from './address-factory.js';
import { CITY_PROFILES, CITY_TABLE, type CityProfile } from './city-catalog.js';
import { offsetMetres, type LatLng } from './coordinates.js';
import {
  DIVISION_FIELDS_FULL, DIVISION_FIELDS_MIXED, DIVISION_FIELDS_NO_DISTRICT, DIVISION_FIELDS_NO_PROVINCE,
  DIVISION_FIELDS_SHORT, type EntityDraft,
} from './entity-draft.js';
import type { GeneratorContext } from './generator-context.js';
import {
  corruptChar, makeBankAccount, makeIdNumber, makeTerminalSerial, makeUscc, USCC_PREFIX_ENTERPRISE, USCC_PREFIX_INDIVIDUAL,
} from './identifier-factory.js';
import { makeShopName, plainName, type OwnerForm } from './name-factory.js';
import { makePerson, type Person } from './person-names.js';
import { landlineNumber, mobileNumber, PHONE_STYLE_COUNT, type PhoneNumber } from './phone-factory.js';
import type { Prng } from './prng.js';
import { CORPUS_END_MS, registrationTime } from './registration-time.js';
import { SHOP_TYPE_TABLE, shopType, type ShopType } from './shop-types.js';

/** What a group imposes on its members; everything else is drawn. */
export interface DraftOverrides {
  city?: CityProfile;
  /** `null` forces "no district". */
  district?: Division | null;
  type?: ShopType;
  form?: OwnerForm;
  surname?: string;
  street?: string;
  /** Region code of the legal person's birthplace (families share a hometown). */
  birthRegion?: string;
  createdAt?: number;
}

/** Completeness of real acquiring data: share of each optional field left empty at registration. */
const NULL_SHARE = {
  legalPerson: 0.02, idNumber: 0.04, phone: 0.03, bank: 0.04, address: 0.015, position: 0.07, mcc: 0.01, channel: 0.03,
};
/** Share of persons registered outside their birthplace (migrant shop owners). */
const MIGRANT_SHARE = 0.35;
/** Owners' age at registration. */
const MIN_OWNER_AGE = 20;
const MAX_OWNER_AGE = 62;
/** Share of non-company shops that hold a 个体工商户 licence (the rest are unlicensed 小微 merchants). */
const LICENSED_SHARE = 0.55;
/** Terminal counts 0-3: QR-only merchants have none; most have one POS. */
const TERMINAL_COUNT_CDF = [0.2, 0.8, 0.95, 1];
/** Shape of shop density around the centre: > 1 concentrates shops downtown. */
const CENTRE_CONCENTRATION = 1.4;

function pickDivisionFields(prng: Prng): number {
  const u = prng.float();
  if (u < 0.8) return DIVISION_FIELDS_FULL;
  if (u < 0.88) return DIVISION_FIELDS_SHORT;
  if (u < 0.94) return DIVISION_FIELDS_NO_DISTRICT;
  return u < 0.98 ? DIVISION_FIELDS_MIXED : DIVISION_FIELDS_NO_PROVINCE;
}

export function pickCoordSys(prng: Prng): CoordSystem {
  const u = prng.float();
  return u < 0.75 ? 'wgs84' : u < 0.95 ? 'gcj02' : 'bd09';
}

/** A point in the city, denser toward the centre. */
export function cityPoint(prng: Prng, city: CityProfile): LatLng {
  const p = { lat: city.seed.lat, lng: city.seed.lng };
  const r = city.seed.radiusKm * 1000 * Math.pow(prng.float(), CENTRE_CONCENTRATION);
  const angle = 2 * Math.PI * prng.float();
  offsetMetres(p, r * Math.sin(angle), r * Math.cos(angle));
  return p;
}

export function randomDistrict(prng: Prng, city: CityProfile): Division | null {
  return city.districtTable ? city.districtTable.pick(prng) : null;
}

export function birthDate(prng: Prng, createdAt: number): string {
  const year = new Date(createdAt).getUTCFullYear() - prng.range(MIN_OWNER_AGE, MAX_OWNER_AGE);
  const month = prng.range(1, 12);
  const day = prng.range(1, daysInMonth(year, month));
  return String(year) + String(month).padStart(2, '0') + String(day).padStart(2, '0');
}

export function personIdNumber(prng: Prng, ctx: GeneratorContext, person: Person, region: string, createdAt: number): string {
  const id = makeIdNumber(prng, region, birthDate(prng, createdAt), person.male);
  return prng.chance(ctx.invalidShare) ? corruptChar(id, id.length - 1, '0123456789X', prng) : id;
}

export function regionOf(city: CityProfile, district: Division | null): string {
  return district?.code ?? city.fallbackRegionCode;
}

/** Some other place in the country: where a migrant owner was born. */
export function elsewhereRegion(prng: Prng): string {
  const city = prng.pick(CITY_PROFILES);
  return regionOf(city, randomDistrict(prng, city));
}

/** An ordinary merchant's original registration, with whatever the group imposes. */
export function baseDraft(prng: Prng, ctx: GeneratorContext, o: DraftOverrides = {}): EntityDraft {
  const city = o.city ?? CITY_TABLE.pick(prng);
  const district = o.district !== undefined ? o.district : randomDistrict(prng, city);
  // A shop of a generic name (沙县小吃) is a small one-person business of that name's kind (name-skew.ts).
  const skew = ctx.names;
  const generic = o.type === undefined && o.form === undefined && skew.genericNames !== null && prng.chance(skew.genericShare)
    ? skew.genericNames.pick(prng) : null;
  const type = generic ? shopType(generic[1]) : o.type ?? SHOP_TYPE_TABLE.pick(prng);
  const form: OwnerForm = generic ? (prng.chance(LICENSED_SHARE) ? 'individual' : 'micro')
    : o.form ?? (prng.chance(type.companyShare) ? 'company' : prng.chance(LICENSED_SHARE) ? 'individual' : 'micro');
  const person = makePerson(prng, o.surname);
  const region = regionOf(city, district);
  const createdAt = o.createdAt ?? registrationTime(prng, CORPUS_END_MS);

  let uscc: string | null = null;
  if (form !== 'micro') {
    uscc = makeUscc(prng, form === 'company' ? USCC_PREFIX_ENTERPRISE : USCC_PREFIX_INDIVIDUAL, region);
    if (prng.chance(ctx.invalidShare)) uscc = corruptChar(uscc, uscc.length - 1, USCC_ALPHABET, prng);
  }
  const birthRegion = o.birthRegion ?? (prng.chance(MIGRANT_SHARE) ? elsewhereRegion(prng) : region);
  const idNumber = prng.chance(NULL_SHARE.idNumber) ? null : personIdNumber(prng, ctx, person, birthRegion, createdAt);

  const phones: PhoneNumber[] = [];
  const phoneStyles: number[] = [];
  if (!prng.chance(NULL_SHARE.phone)) {
    const landline = prng.chance(type.landlineShare) ? landlineNumber(prng, city.seed.areaCode, city.seed.localDigits) : null;
    if (landline && prng.chance(0.4)) phones.push(landline);
    else {
      phones.push(mobileNumber(prng));
      if (landline) phones.push(landline);
    }
    for (const p of phones) phoneStyles.push(prng.chance(0.8) ? 0 : prng.int(PHONE_STYLE_COUNT[p.kind]));
  }

  const terminals: string[] = [];
  const t = prng.float();
  for (let i = 0; t >= TERMINAL_COUNT_CDF[i]!; i++) terminals.push(makeTerminalSerial(prng));

  return {
    name: generic ? plainName(generic[0]) : makeShopName(prng, form, type, person, city, district, skew),
    city,
    district,
    divisionFields: pickDivisionFields(prng),
    uscc,
    legalPerson: prng.chance(NULL_SHARE.legalPerson) ? null : person.name,
    idNumber,
    phones,
    phoneStyles,
    bankAccount: prng.chance(NULL_SHARE.bank) ? null : makeBankAccount(prng, form === 'company'),
    address: prng.chance(NULL_SHARE.address) ? null : makeStreetAddress(prng, city, o.street),
    position: prng.chance(NULL_SHARE.position) ? null : cityPoint(prng, city),
    coordSys: pickCoordSys(prng),
    shopType: type,
    mcc: prng.chance(NULL_SHARE.mcc) ? null : type.mcc,
    terminals,
    createdAt,
    channel: prng.chance(NULL_SHARE.channel) ? null : ctx.channels.pick(prng),
  };
}
