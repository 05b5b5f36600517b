/**
 * One contract record → its comparable features. Pure and deterministic: the batch scan and the online
 * onboarding check call this same function, so a pair scores the same in both. The only state is
 * caches and scratch buffers that never change a result.
 */
import type { MerchantRecord } from '../record/merchant-record.js';
import type { NormalizedMerchant } from './normalized-merchant.js';
import { resolveRecordDivisions, mergeDivisions } from './record-divisions.js';
import { parseAddress } from './address-parts.js';
import { parseName } from './name-parts.js';
import { parsePhones } from './phone-numbers.js';
import { isValidUscc } from './uscc.js';
import { isValidIdNumber, upgradeIdNumber } from './id-number.js';
import { cleanCode, normalizeBankAccount, normalizeMcc, normalizeTerminalSerials } from './code-fields.js';
import { parseTimestamp } from '../record/timestamp.js';
import { normalizeText } from './normalize-text.js';
import { toWgs84 } from './coordinates.js';

export function normalizeRecord(r: MerchantRecord): NormalizedMerchant {
  const fieldDivisions = resolveRecordDivisions(r.province, r.city, r.district);
  const addr = parseAddress(r.address, fieldDivisions);
  // The record's own fields win; the address fills what they leave unknown.
  const divisions = mergeDivisions(fieldDivisions, addr.divisions);
  const name = parseName(r.name, divisions);
  const phones = parsePhones(r.phone);
  const uscc = cleanCode(r.uscc);
  const idNumber = upgradeIdNumber(cleanCode(r.id_number));
  const [lat, lng] = toWgs84(r.lat, r.lng, r.coord_sys);
  return {
    merchantId: r.merchant_id,
    name: name.full,
    nameCore: name.core,
    nameBranch: name.branch,
    nameLegalForm: name.legalForm,
    namePrefix: name.prefix,
    namePrefixDivisionCode: name.prefixDivisionCode,
    provinceCode: divisions.province,
    cityCode: divisions.city,
    districtCode: divisions.district,
    town: addr.town,
    address: addr.address,
    street: addr.street,
    road: addr.road,
    houseNo: addr.houseNo,
    houseNoEnd: addr.houseNoEnd,
    building: addr.building,
    floor: addr.floor,
    room: addr.room,
    mobiles: phones.mobiles,
    landlines: phones.landlines,
    landlineAreaCodes: phones.landlineAreaCodes,
    serviceNumbers: phones.serviceNumbers,
    uscc,
    usccValid: uscc !== '' && isValidUscc(uscc),
    idNumber,
    idNumberValid: idNumber !== '' && isValidIdNumber(idNumber),
    legalPerson: r.legal_person == null ? '' : normalizeText(r.legal_person),
    bankAccount: normalizeBankAccount(r.bank_account),
    lat,
    lng,
    mcc: normalizeMcc(r.mcc),
    terminalSns: normalizeTerminalSerials(r.terminal_sns),
    createdAt: parseTimestamp(r.created_at),
    channel: cleanCode(r.channel),
  };
}
