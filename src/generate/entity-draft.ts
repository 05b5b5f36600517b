import type { Division } from '../divisions/division-table.js';
import type { CoordSystem, MerchantRecord } from '../record/merchant-record.js';
import { renderAddress, type AddressParts } from './address-factory.js';
import type { CityProfile } from './city-catalog.js';
import { wgs84To, type LatLng } from './coordinates.js';
import { renderName, type NameParts } from './name-factory.js';
import { formatPhone, PHONE_SEPARATOR, type PhoneNumber } from './phone-factory.js';
import { formatChinaTime } from '../record/calendar.js';
import type { ShopType } from './shop-types.js';

/**
 * One registration before it is written: structured parts that variations rewrite (a bracket width,
 * a phone style, a datum), rendered into a contract record at the end.
 */
export interface EntityDraft {
  name: NameParts;
  city: CityProfile;
  district: Division | null;
  /** How the province / city / district fields are written (DIVISION_FIELDS_*). */
  divisionFields: number;
  uscc: string | null;
  legalPerson: string | null;
  idNumber: string | null;
  phones: PhoneNumber[];
  /** Style of each number, parallel to `phones`. */
  phoneStyles: number[];
  bankAccount: string | null;
  address: AddressParts | null;
  /** True position, WGS-84; rendered in `coordSys`. */
  position: LatLng | null;
  coordSys: CoordSystem;
  shopType: ShopType;
  mcc: string | null;
  terminals: string[];
  /** Epoch milliseconds. */
  createdAt: number | null;
  channel: string | null;
}

export const DIVISION_FIELDS_FULL = 0;
export const DIVISION_FIELDS_SHORT = 1;
export const DIVISION_FIELDS_NO_DISTRICT = 2;
/** Province official, city and district short: 浙江省 / 杭州 / 萧山. */
export const DIVISION_FIELDS_MIXED = 3;
export const DIVISION_FIELDS_NO_PROVINCE = 4;
export const DIVISION_FIELDS_STYLE_COUNT = 5;

/** The province, city and district fields as the record writes them. */
export function divisionFields(d: EntityDraft): [string | null, string | null, string | null] {
  const { province, city } = d.city;
  const district = d.district;
  switch (d.divisionFields) {
    case DIVISION_FIELDS_SHORT: return [province.short, city.short, district?.short ?? null];
    case DIVISION_FIELDS_NO_DISTRICT: return [province.name, city.name, null];
    case DIVISION_FIELDS_MIXED: return [province.name, city.short, district?.name ?? null];
    case DIVISION_FIELDS_NO_PROVINCE: return [null, city.name, district?.name ?? null];
    default: return [province.name, city.name, district?.name ?? null];
  }
}

const scratch: LatLng = { lat: 0, lng: 0 };

/** The contract record, fields in contract order. */
export function renderRecord(d: EntityDraft, merchantId: string): MerchantRecord {
  const [province, city, district] = divisionFields(d);
  let phone: string | null = null;
  for (let i = 0; i < d.phones.length; i++) {
    const s = formatPhone(d.phones[i]!, d.phoneStyles[i]!);
    phone = phone === null ? s : phone + PHONE_SEPARATOR + s;
  }
  let lat: number | null = null;
  let lng: number | null = null;
  if (d.position) {
    wgs84To(d.coordSys, d.position.lat, d.position.lng, scratch);
    lat = scratch.lat;
    lng = scratch.lng;
  }
  return {
    merchant_id: merchantId,
    name: renderName(d.name),
    uscc: d.uscc,
    legal_person: d.legalPerson,
    id_number: d.idNumber,
    phone,
    bank_account: d.bankAccount,
    province,
    city,
    district,
    address: d.address ? renderAddress(d.address, d.city, d.district) : null,
    lat,
    lng,
    coord_sys: d.position ? d.coordSys : null,
    mcc: d.mcc,
    terminal_sns: d.terminals,
    created_at: d.createdAt === null ? null : formatChinaTime(d.createdAt),
    channel: d.channel,
  };
}
