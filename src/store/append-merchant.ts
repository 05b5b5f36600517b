/**
 * Lays one normalized record into the feature store (the columns of feature-columns.ts). The mapping
 * from NormalizedMerchant to columns lives only here.
 */
import { hashString32 } from '../candidates/key-hash.js';
import type { KeySource } from '../candidates/record-keys.js';
import type { MerchantRecord } from '../record/merchant-record.js';
import type { NormalizedMerchant } from '../normalize/normalized-merchant.js';
import { placeKindOf } from '../normalize/place-kind.js';
import { NumColumn, TextColumn } from './feature-columns.js';
import type { FeatureStoreBuilder } from './feature-store-builder.js';
import { geoCellOf } from './geo-cell.js';
import { ContentHasher } from './content-hash.js';

const NAME_HASH_SALT = 0x4e;

/** Sorted, comma-joined: list columns compare as sets. */
function joinSorted(list: readonly string[]): string {
  if (list.length === 0) return '';
  if (list.length === 1) return list[0]!;
  return [...list].sort().join(',');
}

/** Mobiles and fixed-line local numbers (hotlines excluded: a chain shares them). */
export function phonesOf(n: NormalizedMerchant): readonly string[] {
  if (n.landlines.length === 0) return n.mobiles;
  if (n.mobiles.length === 0) return n.landlines;
  return [...n.mobiles, ...n.landlines];
}

const filled = (v: string | null): number => (v !== null && v !== '' ? 1 : 0);

/** Contract fields a record fills: the canonical-record tie-breaker prefers the most complete. */
export function completenessOf(r: MerchantRecord): number {
  // Field by field, not over an array literal: this runs for every record read.
  let c =
    filled(r.uscc) + filled(r.legal_person) + filled(r.id_number) + filled(r.phone) + filled(r.bank_account) + filled(r.province) +
    filled(r.city) + filled(r.district) + filled(r.address) + filled(r.mcc) + filled(r.created_at) + filled(r.channel);
  if (r.lat !== null && r.lng !== null) c++;
  if (r.terminal_sns.length > 0) c++;
  return c;
}

const codeNumber = (code: string): number => (code === '' ? NaN : Number(code));

const FIELD_HASH_SALT = 0x5f;
/** 32-bit hash of a text column, NaN for ''. */
export function fieldHash(s: string): number {
  return s === '' ? NaN : hashString32(s, FIELD_HASH_SALT);
}

/** Two bits per element (k = 2 Bloom filter in 32 bits); 0 for an empty list. */
export function bloomOf(list: readonly string[]): number {
  let mask = 0;
  for (const s of list) {
    const h = hashString32(s, FIELD_HASH_SALT);
    mask |= (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
  }
  return mask >>> 0;
}

/** Hashes each record's compared fields into its content value (content-hash.ts). */
const content = new ContentHasher();

export function appendMerchant(b: FeatureStoreBuilder, r: MerchantRecord, n: NormalizedMerchant, line: number): void {
  b.begin();
  const phones = phonesOf(n);
  const phoneText = joinSorted(phones);
  const terminalText = joinSorted(n.terminalSns);
  const uscc = n.usccValid ? n.uscc : '';
  const idNumber = n.idNumberValid ? n.idNumber : '';
  const mcc = n.mcc ?? '';
  const province = codeNumber(n.provinceCode);
  const city = codeNumber(n.cityCode);
  const district = codeNumber(n.districtCode);
  const placeKind = placeKindOf(n.name);
  b.setText(TextColumn.MerchantId, n.merchantId);
  b.setText(TextColumn.NameCore, n.nameCore);
  b.setText(TextColumn.Branch, n.nameBranch);
  b.setText(TextColumn.Address, n.address);
  b.setText(TextColumn.Street, n.street);
  b.setText(TextColumn.Phones, phoneText);
  b.setText(TextColumn.Uscc, uscc);
  b.setText(TextColumn.IdNumber, idNumber);
  b.setText(TextColumn.BankAccount, n.bankAccount);
  b.setText(TextColumn.Terminals, terminalText);
  b.setText(TextColumn.Mcc, mcc);
  b.setText(TextColumn.LegalPerson, n.legalPerson);
  b.setText(TextColumn.LegalForm, n.nameLegalForm);
  b.setText(TextColumn.Channel, n.channel);
  b.setNum(NumColumn.Lat, n.lat);
  b.setNum(NumColumn.Lng, n.lng);
  b.setNum(NumColumn.CreatedAt, n.createdAt);
  b.setNum(NumColumn.Completeness, completenessOf(r));
  b.setNum(NumColumn.ProvinceCode, province);
  b.setNum(NumColumn.CityCode, city);
  b.setNum(NumColumn.DistrictCode, district);
  b.setNum(NumColumn.GeoCell, geoCellOf(n.lat, n.lng));
  const nameHash = hashString32(n.nameCore, NAME_HASH_SALT);
  const usccHash = fieldHash(uscc);
  const idNumberHash = fieldHash(idNumber);
  const bankAccountHash = fieldHash(n.bankAccount);
  const mccHash = fieldHash(mcc);
  const legalPersonHash = fieldHash(n.legalPerson);
  const streetHash = fieldHash(n.street);
  b.setNum(NumColumn.NameHash, nameHash);
  b.setNum(NumColumn.Line, line);
  // The content: every compared field. The exact-match columns by the 32-bit hashes made for verification
  // (two values of one column that share a hash count as one: odds of 1 in 4·10^9 for a pair otherwise
  // equal), the others from the store's own units (no string read again); then the numbers verification
  // reads (position, division codes, the name's place kind). Only a record with something that names one
  // business has one.
  if (uscc !== '' || idNumber !== '' || n.bankAccount !== '' || terminalText !== '' || n.address !== '' || n.lat === n.lat) {
    content.begin();
    content.int(nameHash);
    content.int(usccHash);
    content.int(idNumberHash);
    content.int(bankAccountHash);
    content.int(mccHash);
    content.int(legalPersonHash);
    content.int(streetHash);
    const units = b.units;
    // Branch and address lie one after the other: one span, and where the address starts in it.
    const branch = b.columnStart(TextColumn.Branch);
    content.units(units, branch, b.columnEnd(TextColumn.Address));
    content.int(b.columnStart(TextColumn.Address) - branch);
    content.units(units, b.columnStart(TextColumn.Phones), b.columnEnd(TextColumn.Phones));
    content.units(units, b.columnStart(TextColumn.Terminals), b.columnEnd(TextColumn.Terminals));
    content.units(units, b.columnStart(TextColumn.LegalForm), b.columnEnd(TextColumn.LegalForm));
    content.number(n.lat);
    content.number(n.lng);
    content.int(province);
    content.int(city);
    content.int(district);
    content.int(placeKind);
    b.setNum(NumColumn.Content, content.value());
  }
  b.setNum(NumColumn.UsccHash, usccHash);
  b.setNum(NumColumn.IdNumberHash, idNumberHash);
  b.setNum(NumColumn.BankAccountHash, bankAccountHash);
  b.setNum(NumColumn.MccHash, mccHash);
  b.setNum(NumColumn.LegalPersonHash, legalPersonHash);
  b.setNum(NumColumn.StreetHash, streetHash);
  b.setNum(NumColumn.PhoneBloom, bloomOf(phones));
  b.setNum(NumColumn.TerminalBloom, bloomOf(n.terminalSns));
  b.setNum(NumColumn.PlaceKind, placeKind);
  b.end();
}

/** The blocking-key view of a normalized record. */
export function keySourceOf(n: NormalizedMerchant): KeySource {
  return {
    nameCore: n.nameCore,
    cityCode: n.cityCode,
    geoCell: geoCellOf(n.lat, n.lng),
    street: n.houseNo === n.houseNo ? n.street : '',
    phones: phonesOf(n),
    uscc: n.usccValid ? n.uscc : '',
    idNumber: n.idNumberValid ? n.idNumber : '',
    bankAccount: n.bankAccount,
    terminals: n.terminalSns,
  };
}
