import { CITY_TABLE } from './city-catalog.js';
import { offsetMetres } from './coordinates.js';
import { baseDraft, cityPoint, pickCoordSys, randomDistrict } from './draft-factory.js';
import type { EntityDraft } from './entity-draft.js';
import { KIND_CHAIN, KIND_ENTITY, KIND_FAMILY, KIND_GENERIC, KIND_MALL, KIND_OWNER, KIND_RING } from './entity-kind.js';
import type { GeneratorContext } from './generator-context.js';
import type { GroupProfile } from './group-profile.js';
import { makeChainName, plainName } from './name-factory.js';
import { PHONE_STYLE_COUNT, type PhoneNumber } from './phone-factory.js';
import type { Prng } from './prng.js';
import { DAY_MS } from '../record/calendar.js';
import { CORPUS_END_MS, CORPUS_START_MS } from './registration-time.js';
import { SHOP_TYPE_TABLE, shopType } from './shop-types.js';
import { WeightedTable } from './weighted-table.js';

/**
 * The original registration of one entity, given its group's shared profile. Pure in
 * (profile, prng stream): the generator calls it again for every registration of the entity.
 */

/** Shop kinds found on a mall level. */
const MALL_TYPES = new WeightedTable(
  (
    [['restaurant', 5], ['fast_food', 6], ['clothing', 6], ['beauty', 3], ['bakery', 2], ['variety', 2], ['electronics', 2],
      ['baby', 1], ['optical', 1], ['food_store', 2], ['stationery', 1]] as const
  ).map(([k, w]) => [shopType(k), w] as const),
);
/** Mall shops lie within this of the mall's centre point. */
const MALL_SPREAD_M = 40;
/** Rings run from one place: their members' coordinates lie this close together. */
const RING_SPREAD_M = 200;
/** Share of a multi-city ring's members registered in its home city. */
const RING_HOME_SHARE = 0.5;
/** Branches of a chain with a head-office account that settle to it (the others keep a local one). */
const CHAIN_HEAD_ACCOUNT_MEMBERS = 0.8;
/** An owner's shops in the owner's city; the others elsewhere. */
const OWNER_HOME_SHARE = 0.85;
/** Longest gap between two registrations of one business: re-registrations cluster in the first year. */
const MAX_COPY_GAP_DAYS = 900;
/** When re-registrations would run past the corpus end, the first moves back by up to this. */
const END_MARGIN_MS = 60 * DAY_MS;
const ROAD_SUFFIX = /(大道|大街|路|街|巷)$/;

function scatter(prng: Prng, d: EntityDraft, centre: { lat: number; lng: number }, metres: number): void {
  if (!d.position) return;
  d.position.lat = centre.lat;
  d.position.lng = centre.lng;
  const r = metres * Math.sqrt(prng.float());
  const a = 2 * Math.PI * prng.float();
  offsetMetres(d.position, r * Math.sin(a), r * Math.cos(a));
}

function setPhones(d: EntityDraft, phones: PhoneNumber[], prng: Prng): void {
  d.phones = phones;
  d.phoneStyles = phones.map((p) => (prng.chance(0.8) ? 0 : prng.int(PHONE_STYLE_COUNT[p.kind])));
}

function memberDraft(kind: number, g: GroupProfile | null, index: number, prng: Prng, ctx: GeneratorContext): EntityDraft {
  if (kind === KIND_ENTITY || g === null) return baseDraft(prng, ctx);
  switch (g.kind) {
    case KIND_CHAIN: {
      const inHome = index < g.home.streets.length && prng.chance(0.8);
      const city = inHome ? g.home : CITY_TABLE.pick(prng);
      const street = inHome ? g.home.streets[(g.streetOffset + index * g.streetStride) % g.home.streets.length]! : prng.pick(city.streets);
      const form = g.brand.franchise && prng.chance(0.75) ? 'individual' : 'company';
      const d = baseDraft(prng, ctx, { city, type: shopType(g.brand.shopType), form, street });
      const label = prng.chance(0.75) ? street : street.replace(ROAD_SUFFIX, '');
      d.name = makeChainName(prng, g.brand.name, label + '店');
      if (g.hotline) setPhones(d, prng.chance(0.5) && d.phones[0] ? [g.hotline, d.phones[0]] : [g.hotline], prng);
      if (prng.chance(0.7)) d.channel = g.channel;
      if (g.headAccount && prng.chance(CHAIN_HEAD_ACCOUNT_MEMBERS)) d.bankAccount = g.headAccount;
      if (g.headUscc) d.uscc = g.headUscc;
      return d;
    }
    case KIND_MALL: {
      const d = baseDraft(prng, ctx, { city: g.city, district: g.district, type: MALL_TYPES.pick(prng) });
      d.address = { ...g.address };
      scatter(prng, d, g.centre, MALL_SPREAD_M);
      if (prng.chance(0.12)) setPhones(d, [g.phone], prng);
      return d;
    }
    case KIND_GENERIC: {
      const city = prng.chance(0.6) ? g.home : CITY_TABLE.pick(prng);
      const d = baseDraft(prng, ctx, { city, type: g.type, form: prng.chance(0.75) ? 'micro' : 'individual' });
      d.name = plainName(g.name);
      return d;
    }
    case KIND_FAMILY: {
      const district = prng.chance(0.75) ? g.district : randomDistrict(prng, g.city);
      const d = baseDraft(prng, ctx, {
        city: g.city, district, surname: g.surname, birthRegion: g.hometown, ...(g.street ? { street: g.street } : {}),
      });
      setPhones(d, prng.chance(0.3) && d.phones[0] ? [g.phone, d.phones[0]] : [g.phone], prng);
      return d;
    }
    case KIND_RING: {
      // Members spread over the ring's cities; the home city gets the larger share.
      const city = g.cities.length === 1 || prng.chance(RING_HOME_SHARE) ? g.cities[0]! : prng.pick(g.cities.slice(1));
      const createdAt = g.start + prng.int(g.windowMs);
      const form = prng.chance(0.7) ? 'micro' : 'individual';
      const d = baseDraft(prng, ctx, { city, createdAt, form, type: SHOP_TYPE_TABLE.pick(prng) });
      const identity = (i: number): void => {
        d.legalPerson = g.identities[i]!.person.name;
        d.idNumber = g.identities[i]!.idNumber;
      };
      for (const key of g.keys) {
        if (key === 'id_number') identity(0);
        else if (key === 'bank_account') d.bankAccount = g.accounts[0]!;
        else if (key === 'phone') setPhones(d, [g.phone], prng);
        else d.terminals = [g.terminal];
      }
      if (g.keys.length === 0) {
        const i = g.memberIdentity[index]!;
        const a = g.memberAccount[index]!;
        if (i >= 0) identity(i);
        if (a >= 0) d.bankAccount = g.accounts[a]!;
        if (g.memberPhone[index] === 1) setPhones(d, [g.phone], prng);
      }
      if (prng.chance(0.8)) d.channel = g.channel;
      if (g.centre && city === g.cities[0]) {
        d.position ??= cityPoint(prng, city);
        d.coordSys = pickCoordSys(prng);
        scatter(prng, d, g.centre, RING_SPREAD_M);
      }
      return d;
    }
    case KIND_OWNER: {
      const city = prng.chance(OWNER_HOME_SHARE) ? g.city : CITY_TABLE.pick(prng);
      const d = baseDraft(prng, ctx, { city });
      d.legalPerson = g.person.name;
      d.idNumber = g.idNumber;
      if (g.phone) setPhones(d, [g.phone], prng);
      if (g.bankAccount) d.bankAccount = g.bankAccount;
      return d;
    }
  }
  return baseDraft(prng, ctx);
}

/**
 * The entity's original draft; `times` receives the created_at of each of its `copies` registrations,
 * strictly increasing (a re-registration always comes later).
 */
export function makeEntityDraft(
  kind: number, g: GroupProfile | null, index: number, copies: number, prng: Prng, ctx: GeneratorContext, times: number[],
): EntityDraft {
  const d = memberDraft(kind, g, index, prng, ctx);
  times.length = copies;
  let t = d.createdAt ?? CORPUS_START_MS;
  let total = 0;
  for (let j = 1; j < copies; j++) {
    const u = prng.float();
    const gap = DAY_MS * (1 + Math.floor(MAX_COPY_GAP_DAYS * u * u)) + prng.int(DAY_MS);
    times[j] = gap;
    total += gap;
  }
  if (t + total > CORPUS_END_MS) t = Math.max(CORPUS_START_MS, CORPUS_END_MS - total - prng.int(END_MARGIN_MS));
  times[0] = t;
  for (let j = 1; j < copies; j++) times[j] = times[j - 1]! + times[j]!;
  d.createdAt = t;
  // A few originals carry no timestamp (migrated from a legacy system); re-registered ones always do.
  if (copies === 1 && kind !== KIND_RING && prng.chance(0.005)) d.createdAt = null;
  return d;
}
